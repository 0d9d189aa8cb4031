package io.orderflow.validation;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface CustomerValidationRepository extends JpaRepository<CustomerValidation, String> {

    @Query("select v from CustomerValidation v where v.requestId = ?1")
    Optional<CustomerValidation> findByRequestId(String requestId);

    @Query("select count(v) > 0 from CustomerValidation v where v.state = ?1 and v.updatedAt >= ?2")
    boolean existsByStateAndUpdatedAtGreaterThanEqual(ValidationState state, Instant since);
}
