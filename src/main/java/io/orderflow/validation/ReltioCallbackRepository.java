package io.orderflow.validation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ReltioCallbackRepository extends JpaRepository<ReltioCallback, Long> {

    Optional<ReltioCallback> findByRequestId(String requestId);

    List<ReltioCallback> findByStatusOrderByIdAsc(ReltioCallback.Status status);

    @Query("""
            select c.id from ReltioCallback c
            where c.status = io.orderflow.validation.ReltioCallback.Status.RECEIVED and c.nextAttemptAt <= :now
              and (c.claimedUntil is null or c.claimedUntil < :now)
            order by c.nextAttemptAt""")
    List<Long> findDue(@Param("now") Instant now, Pageable page);

    /**
     * A conditional update: of several nodes racing for a callback, exactly one gets 1 back, and only while it is due
     * (a deliverer that found it due a moment ago must not try it again right after another one backed it off).
     */
    @Modifying
    @Query("""
            update ReltioCallback c set c.claimedBy = :node, c.claimedUntil = :until
            where c.id = :id and c.status = io.orderflow.validation.ReltioCallback.Status.RECEIVED
              and c.nextAttemptAt <= :now and (c.claimedUntil is null or c.claimedUntil < :now)""")
    int claim(@Param("id") long id, @Param("node") String node, @Param("now") Instant now, @Param("until") Instant until);

    @Modifying
    @Query("""
            update ReltioCallback c set c.status = :status, c.correlatedAt = :at, c.attempts = c.attempts + 1,
              c.claimedBy = null, c.claimedUntil = null, c.lastError = null
            where c.id = :id and c.claimedBy = :node""")
    int settle(@Param("id") long id, @Param("node") String node, @Param("status") ReltioCallback.Status status,
            @Param("at") Instant at);

    @Modifying
    @Query("""
            update ReltioCallback c set c.attempts = c.attempts + 1, c.nextAttemptAt = :next, c.lastError = :error,
              c.claimedBy = null, c.claimedUntil = null
            where c.id = :id and c.claimedBy = :node""")
    int retryLater(@Param("id") long id, @Param("node") String node, @Param("next") Instant next,
            @Param("error") String error);
}
