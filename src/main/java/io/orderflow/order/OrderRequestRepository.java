package io.orderflow.order;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface OrderRequestRepository extends JpaRepository<OrderRequest, String> {

    @Query("select o from OrderRequest o where o.idempotencyKey = ?1")
    Optional<OrderRequest> findByIdempotencyKey(String idempotencyKey);

    @Query("select o from OrderRequest o where o.commerceOrderCode = ?1 order by o.createdAt limit 1")
    Optional<OrderRequest> findFirstByCommerceOrderCode(String commerceOrderCode);

    @Query("select o from OrderRequest o where o.quoteCode = ?1 order by o.createdAt limit 1")
    Optional<OrderRequest> findFirstByQuoteCode(String quoteCode);

    @Query("select o from OrderRequest o where o.customerId = ?1 order by o.createdAt desc limit 50")
    List<OrderRequest> findTop50ByCustomerIdOrderByCreatedAtDesc(String customerId);
}
