package io.orderflow.order;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

interface OrderRequestRepository extends JpaRepository<OrderRequest, String> {

    /**
     * Asked before the request's transaction, on every request: one statement, without a transaction of its own to
     * begin and commit. A query string, whose plan Hibernate keeps (it plans a derived query anew at every call).
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    @Query("select o from OrderRequest o where o.idempotencyKey = ?1")
    Optional<OrderRequest> findByIdempotencyKey(String idempotencyKey);

    Optional<OrderRequest> findFirstByCommerceOrderCode(String commerceOrderCode);

    Optional<OrderRequest> findFirstByQuoteCode(String quoteCode);

    List<OrderRequest> findTop50ByCustomerIdOrderByCreatedAtDesc(String customerId);
}
