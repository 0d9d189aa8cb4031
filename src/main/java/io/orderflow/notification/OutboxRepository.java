package io.orderflow.notification;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface OutboxRepository extends JpaRepository<OutboxMessage, Long> {

    List<OutboxMessage> findByBusinessKeyOrderByIdAsc(String businessKey);
}
