package io.orderflow.validation;

import java.util.Collection;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface CustomerValidationRepository extends JpaRepository<CustomerValidation, String> {

    Optional<CustomerValidation> findByRequestId(String requestId);

    boolean existsByStateIn(Collection<ValidationState> states);
}
