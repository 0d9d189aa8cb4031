package io.orderflow.quote;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface QuoteRepository extends JpaRepository<Quote, String> {

    // a query string: Hibernate keeps its plan, while it plans a derived query anew at every call
    @Query("select q from Quote q where q.idempotencyKey = ?1")
    Optional<Quote> findByIdempotencyKey(String idempotencyKey);

    /** The quote, locked until the transaction ends: concurrent decisions on one quote take their turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select q from Quote q where q.code = :code")
    Optional<Quote> findForUpdate(@Param("code") String code);

    List<Quote> findTop50ByCustomerIdOrderByCreatedAtDesc(String customerId);
}
