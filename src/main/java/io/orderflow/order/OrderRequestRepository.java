package io.orderflow.order;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface OrderRequestRepository extends JpaRepository<OrderRequest, String> {

    Optional<OrderRequest> findByIdempotencyKey(String idempotencyKey);

    Optional<OrderRequest> findFirstByCommerceOrderCode(String commerceOrderCode);

    Optional<OrderRequest> findFirstByQuoteCode(String quoteCode);

    List<OrderRequest> findTop50ByCustomerIdOrderByCreatedAtDesc(String customerId);
}
