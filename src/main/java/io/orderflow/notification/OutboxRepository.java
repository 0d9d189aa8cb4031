package io.orderflow.notification;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface OutboxRepository extends JpaRepository<OutboxMessage, Long> {

    @Query("""
            select m.id from OutboxMessage m
            where m.status = io.orderflow.notification.OutboxMessage.Status.PENDING and m.nextAttemptAt <= :now
              and (m.claimedUntil is null or m.claimedUntil < :now)
            order by m.nextAttemptAt""")
    List<Long> findDue(@Param("now") Instant now, Pageable page);

    /** A conditional update: of several nodes racing for a message, exactly one gets 1 back. */
    @Modifying
    @Query("""
            update OutboxMessage m set m.claimedBy = :node, m.claimedUntil = :until
            where m.id = :id and m.status = io.orderflow.notification.OutboxMessage.Status.PENDING
              and (m.claimedUntil is null or m.claimedUntil < :now)""")
    int claim(@Param("id") long id, @Param("node") String node, @Param("now") Instant now, @Param("until") Instant until);

    @Modifying
    @Query("""
            update OutboxMessage m set m.status = io.orderflow.notification.OutboxMessage.Status.SENT,
              m.sentAt = :now, m.attempts = m.attempts + 1, m.claimedBy = null, m.claimedUntil = null, m.lastError = null
            where m.id = :id and m.claimedBy = :node""")
    int markSent(@Param("id") long id, @Param("node") String node, @Param("now") Instant now);

    @Modifying
    @Query("""
            update OutboxMessage m set m.status = :status, m.attempts = m.attempts + 1, m.nextAttemptAt = :next,
              m.lastError = :error, m.claimedBy = null, m.claimedUntil = null
            where m.id = :id and m.claimedBy = :node""")
    int markFailedAttempt(@Param("id") long id, @Param("node") String node, @Param("status") OutboxMessage.Status status,
            @Param("next") Instant next, @Param("error") String error);

    List<OutboxMessage> findByBusinessKeyOrderByIdAsc(String businessKey);
}
