package io.orderflow.integration.commerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.springframework.stereotype.Component;

/**
 * Reads the answers of the Connect calls to commerce ({@code ${commerceResponses...}} output parameters). A 4xx is a
 * business answer: commerce refuses the order, and the model routes the {@value #REJECTED} error. Anything else that
 * is not a success is technical: the exception makes the engine retry the job and, when retries run out, raise an
 * incident.
 */
@Component("commerceResponses")
public class CommerceResponses {

    public static final String REJECTED = "COMMERCE_REJECTED";

    private final ObjectMapper json;

    CommerceResponses(ObjectMapper json) {
        this.json = json;
    }

    public String orderCode(String orderRequestId, int statusCode, String response) {
        return field(orderRequestId, statusCode, response, "orderCode");
    }

    public String status(String orderRequestId, int statusCode, String response) {
        return field(orderRequestId, statusCode, response, "status");
    }

    private String field(String orderRequestId, int statusCode, String response, String name) {
        if (statusCode >= 400 && statusCode < 500) {
            throw new BpmnError(REJECTED, "Commerce refused order request " + orderRequestId + " with " + statusCode
                    + ": " + abbreviate(response));
        }
        if (statusCode < 200 || statusCode >= 300) {
            throw new CommerceUnavailableException("Commerce answered " + statusCode + " for order request "
                    + orderRequestId + ": " + abbreviate(response));
        }
        try {
            JsonNode value = json.readTree(response).path(name);
            if (!value.isTextual()) {
                throw new CommerceUnavailableException("Commerce answer for " + orderRequestId + " has no " + name);
            }
            return value.asText();
        } catch (JsonProcessingException e) {
            throw new CommerceUnavailableException("Commerce answer for " + orderRequestId + " is not JSON", e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
