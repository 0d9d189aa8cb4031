package io.orderflow.validation;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface CustomerValidationRepository extends JpaRepository<CustomerValidation, String> {

    Optional<CustomerValidation> findByRequestId(String requestId);

    boolean existsByStateAndUpdatedAtGreaterThanEqual(ValidationState state, Instant since);
}
