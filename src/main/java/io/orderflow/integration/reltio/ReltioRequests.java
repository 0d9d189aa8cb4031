package io.orderflow.integration.reltio;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Builds the Camunda Connect request to Reltio ({@code ${reltioRequests...}} input parameters of the model). */
@Component("reltioRequests")
public class ReltioRequests {

    private final ReltioProperties properties;
    private final ReltioValidationSource validations;
    private final ObjectMapper json;

    ReltioRequests(ReltioProperties properties, ReltioValidationSource validations, ObjectMapper json) {
        this.properties = properties;
        this.validations = validations;
        this.json = json;
    }

    public String validationRequestUrl() {
        return properties.baseUrl() + "/validation-requests";
    }

    /** The reference of the attempt is the idempotency key: a retried job does not create a second request. */
    public Map<String, String> headers(DelegateExecution execution) {
        String orderRequestId = (String) execution.getVariable("orderRequestId");
        return Map.of("Content-Type", "application/json", "Accept", "application/json",
                "Idempotency-Key", validations.validationRequest(orderRequestId).reference());
    }

    public String validationPayload(String orderRequestId) {
        return write(validations.validationRequest(orderRequestId));
    }

    /** The body of commerce's {@code PUT /orders/{code}/customer-master}. */
    public String customerMasterPayload(String orderRequestId) {
        return write(Map.of("masterId", validations.masterId(orderRequestId)));
    }

    public Map<String, Object> requestConfig() {
        return Map.of("connection-timeout", (int) properties.connectTimeout().toMillis(),
                "socket-timeout", (int) properties.readTimeout().toMillis());
    }

    private String write(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a Reltio payload", e);
        }
    }
}
