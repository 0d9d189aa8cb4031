package io.orderflow.validation;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ReltioCallbackRepository extends JpaRepository<ReltioCallback, Long> {

    @Query("select c from ReltioCallback c where c.requestId = ?1")
    Optional<ReltioCallback> findByRequestId(String requestId);

    @Query("select c from ReltioCallback c where c.status = ?1 order by c.id")
    List<ReltioCallback> findByStatusOrderByIdAsc(ReltioCallback.Status status);
}
