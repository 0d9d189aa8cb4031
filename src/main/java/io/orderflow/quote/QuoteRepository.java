package io.orderflow.quote;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface QuoteRepository extends JpaRepository<Quote, String> {

    @Query("select q from Quote q where q.idempotencyKey = ?1")
    Optional<Quote> findByIdempotencyKey(String idempotencyKey);

    /** The quote, locked until the transaction ends: concurrent decisions on one quote take their turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select q from Quote q where q.code = :code")
    Optional<Quote> findForUpdate(@Param("code") String code);

    @Query("select q from Quote q where q.customerId = ?1 order by q.createdAt desc limit 50")
    List<Quote> findTop50ByCustomerIdOrderByCreatedAtDesc(String customerId);
}
