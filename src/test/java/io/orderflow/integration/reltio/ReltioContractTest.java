package io.orderflow.integration.reltio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.orderflow.Contracts;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.connect.Connectors;
import org.camunda.connect.spi.Connector;
import org.camunda.connect.spi.ConnectorRequest;
import org.camunda.connect.spi.ConnectorResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * The validation request as the model sends it (Camunda Connect's {@code http-connector} with the input parameters
 * {@link ReltioRequests} builds), checked against {@code docs/contracts/reltio.yaml}; Reltio is WireMock.
 */
class ReltioContractTest {

    static WireMockServer reltio;

    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        reltio = new WireMockServer(wireMockConfig().dynamicPort());
        reltio.start();
    }

    @AfterAll
    static void stop() {
        reltio.stop();
    }

    @Test
    void theValidationRequestIsWhatTheContractAsksAndItsAnswerIsReadForTheRequestId() {
        reltio.stubFor(post("/validation-requests").willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"requestId\":\"RLT-77\"}")));
        ReltioProperties properties = new ReltioProperties(reltio.baseUrl(), "secret", Duration.ofSeconds(5),
                Duration.ofSeconds(5), null, null, null, null);
        ReltioRequests requests = new ReltioRequests(properties, new ReltioValidationSource() {
            @Override
            public ReltioValidationRequest validationRequest(String orderRequestId) {
                return new ReltioValidationRequest(orderRequestId + "-1", "Universitätsklinikum Nord", "DE123456780",
                        null, new ReltioValidationRequest.Address("Ismaninger Straße 22", "München", "81675", "DE-BY", "DE"));
            }

            @Override
            public String masterId(String orderRequestId) {
                return "entities/1";
            }
        }, json);
        DelegateExecution execution = Mockito.mock(DelegateExecution.class);
        Mockito.when(execution.getVariable("orderRequestId")).thenReturn("OR-CONTRACT");

        Connector<ConnectorRequest<ConnectorResponse>> http = Connectors.getConnector("http-connector");
        ConnectorRequest<ConnectorResponse> request = http.createRequest();
        request.setRequestParameters(Map.of("url", requests.validationRequestUrl(), "method", "POST",
                "headers", requests.headers(execution), "payload", requests.validationPayload("OR-CONTRACT"),
                "request-config", requests.requestConfig()));
        ConnectorResponse response = request.execute();

        assertThat(new ReltioResponses(json).requestId("OR-CONTRACT", response.getResponseParameter("statusCode"),
                response.getResponseParameter("response"))).isEqualTo("RLT-77");
        LoggedRequest sent = reltio.getAllServeEvents().get(0).getRequest();
        Map<String, String> headers = new LinkedHashMap<>();
        sent.getHeaders().all().forEach(header -> headers.put(header.key(), header.firstValue()));
        assertThat(headers).containsEntry("Idempotency-Key", "OR-CONTRACT-1");
        Contracts.RELTIO.assertRequest("POST", "/validation-requests", headers, sent.getBodyAsString());
    }
}
