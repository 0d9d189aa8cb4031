package io.orderflow.validation;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ReltioCallbackRepository extends JpaRepository<ReltioCallback, Long> {

    // a query string: Hibernate keeps its plan, while it plans a derived query anew at every call
    @Query("select c from ReltioCallback c where c.requestId = ?1")
    Optional<ReltioCallback> findByRequestId(String requestId);

    List<ReltioCallback> findByStatusOrderByIdAsc(ReltioCallback.Status status);
}
