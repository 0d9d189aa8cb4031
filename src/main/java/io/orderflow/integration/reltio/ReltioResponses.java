package io.orderflow.integration.reltio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/** Reads Reltio's synchronous answer ({@code ${reltioResponses...}}): only a request id; anything else is retried. */
@Component("reltioResponses")
public class ReltioResponses {

    private final ObjectMapper json;

    ReltioResponses(ObjectMapper json) {
        this.json = json;
    }

    public String requestId(String orderRequestId, int statusCode, String response) {
        if (statusCode < 200 || statusCode >= 300) {
            throw new ReltioUnavailableException("Reltio answered " + statusCode + " to the validation request of "
                    + orderRequestId);
        }
        try {
            JsonNode requestId = json.readTree(response).path("requestId");
            if (!requestId.isTextual() || requestId.asText().isBlank()) {
                throw new ReltioUnavailableException("Reltio's answer for " + orderRequestId + " has no requestId");
            }
            return requestId.asText();
        } catch (JsonProcessingException e) {
            throw new ReltioUnavailableException("Reltio's answer for " + orderRequestId + " is not JSON");
        }
    }
}
