package io.orderflow.integration.commerce;

import io.orderflow.integration.OutboundCredentials;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** The application's calls to commerce. */
@Component
public class CommerceClient {

    private final RestClient http;

    CommerceClient(RestClient.Builder builder, CommerceProperties properties,
            @Qualifier("commerceCredentials") OutboundCredentials credentials) {
        builder.baseUrl(properties.baseUrl())
                .requestFactory(OutboundCredentials.connections(properties.connectTimeout(), properties.readTimeout()));
        builder.requestInterceptor(credentials.interceptor());
        this.http = builder.build();
    }

    /** Creates the order; commerce answers a repeat with the same idempotency key with the same order. */
    public CommerceOrder createOrder(CommerceOrderRequest order, String idempotencyKey) {
        return http.post().uri("/orders")
                .header("Idempotency-Key", idempotencyKey)
                .body(order)
                .retrieve()
                .body(CommerceOrder.class);
    }

    /**
     * @throws UnknownCommerceRecordException commerce has no such customer (404)
     * @throws CommerceUnavailableException   commerce could not be reached or gave no usable answer
     */
    public CommerceCustomer customer(String customerId) {
        return read("customer", "/customers/{id}", customerId, CommerceCustomer.class);
    }

    /**
     * @throws UnknownCommerceRecordException commerce has no such B2B unit (404)
     * @throws CommerceUnavailableException   commerce could not be reached or gave no usable answer
     */
    public CommerceB2bUnit b2bUnit(String b2bUnitId) {
        return read("B2B unit", "/b2bunits/{id}", b2bUnitId, CommerceB2bUnit.class);
    }

    private <T> T read(String kind, String path, String id, Class<T> type) {
        try {
            T record = http.get().uri(path, id)
                    .retrieve()
                    .onStatus(status -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> {
                        throw new UnknownCommerceRecordException(kind, id);
                    })
                    .body(type);
            if (record == null) {
                throw new CommerceUnavailableException("Commerce answered no body for " + kind + " " + id);
            }
            return record;
        } catch (RestClientException e) {
            throw new CommerceUnavailableException("Commerce gave no answer for " + kind + " " + id + ": "
                    + e.getMessage(), e);
        }
    }
}
