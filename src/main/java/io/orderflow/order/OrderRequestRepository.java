package io.orderflow.order;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface OrderRequestRepository extends JpaRepository<OrderRequest, String> {

    // a query string: Hibernate keeps its plan, while it plans a derived query anew at every call
    @Query("select o from OrderRequest o where o.idempotencyKey = ?1")
    Optional<OrderRequest> findByIdempotencyKey(String idempotencyKey);

    Optional<OrderRequest> findFirstByCommerceOrderCode(String commerceOrderCode);

    Optional<OrderRequest> findFirstByQuoteCode(String quoteCode);

    List<OrderRequest> findTop50ByCustomerIdOrderByCreatedAtDesc(String customerId);
}
