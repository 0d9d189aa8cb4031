package io.orderflow.notification;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface OutboxRepository extends JpaRepository<OutboxMessage, Long> {

    @Query("select m from OutboxMessage m where m.businessKey = ?1 order by m.id")
    List<OutboxMessage> findByBusinessKeyOrderByIdAsc(String businessKey);
}
