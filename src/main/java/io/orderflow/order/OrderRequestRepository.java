package io.orderflow.order;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface OrderRequestRepository extends JpaRepository<OrderRequest, String> {

    Optional<OrderRequest> findByIdempotencyKey(String idempotencyKey);
}
