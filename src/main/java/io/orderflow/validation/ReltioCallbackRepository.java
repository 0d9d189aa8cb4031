package io.orderflow.validation;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ReltioCallbackRepository extends JpaRepository<ReltioCallback, Long> {

    Optional<ReltioCallback> findByRequestId(String requestId);

    List<ReltioCallback> findByStatusOrderByIdAsc(ReltioCallback.Status status);
}
