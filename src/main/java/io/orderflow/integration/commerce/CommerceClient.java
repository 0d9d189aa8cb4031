package io.orderflow.integration.commerce;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The application's calls to commerce. */
@Component
public class CommerceClient {

    private final RestClient http;

    CommerceClient(RestClient.Builder builder, CommerceProperties properties) {
        SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
        requestFactory.setConnectTimeout(properties.connectTimeout());
        requestFactory.setReadTimeout(properties.readTimeout());
        builder.baseUrl(properties.baseUrl()).requestFactory(requestFactory);
        properties.auth().authorization().ifPresent(value -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, value));
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

    public CommerceCustomer customer(String customerId) {
        return http.get().uri("/customers/{id}", customerId)
                .retrieve()
                .onStatus(status -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> {
                    throw new UnknownCommerceRecordException("customer", customerId);
                })
                .body(CommerceCustomer.class);
    }
}
