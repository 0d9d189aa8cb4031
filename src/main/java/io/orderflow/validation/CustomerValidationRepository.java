package io.orderflow.validation;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface CustomerValidationRepository extends JpaRepository<CustomerValidation, String> {

    // a query string: Hibernate keeps its plan, while it plans a derived query anew at every call
    @Query("select v from CustomerValidation v where v.requestId = ?1")
    Optional<CustomerValidation> findByRequestId(String requestId);

    boolean existsByStateAndUpdatedAtGreaterThanEqual(ValidationState state, Instant since);
}
