package io.orderflow.quote;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

interface QuoteRepository extends JpaRepository<Quote, String> {

    /**
     * Asked before the request's transaction, on every request: one statement, without a transaction of its own to
     * begin and commit. A query string, whose plan Hibernate keeps (it plans a derived query anew at every call).
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    @Query("select q from Quote q where q.idempotencyKey = ?1")
    Optional<Quote> findByIdempotencyKey(String idempotencyKey);

    /** The quote, locked until the transaction ends: concurrent decisions on one quote take their turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select q from Quote q where q.code = :code")
    Optional<Quote> findForUpdate(@Param("code") String code);

    List<Quote> findTop50ByCustomerIdOrderByCreatedAtDesc(String customerId);
}
