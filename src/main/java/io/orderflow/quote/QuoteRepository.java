package io.orderflow.quote;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface QuoteRepository extends JpaRepository<Quote, String> {

    Optional<Quote> findByIdempotencyKey(String idempotencyKey);

    List<Quote> findTop50ByCustomerIdOrderByCreatedAtDesc(String customerId);
}
