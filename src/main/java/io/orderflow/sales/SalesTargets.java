package io.orderflow.sales;

import java.net.http.HttpClient;
import java.time.Clock;

import io.orderflow.integration.OutboundCredentials;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The target {@code orderflow.sales.target} names, called with the credentials of {@code orderflow.sales.auth}. */
@Configuration
class SalesTargets {

    @Bean
    SalesTarget salesTarget(SalesProperties properties, RestClient.Builder builder) {
        return switch (properties.target()) {
            case NONE -> new SalesTarget() {
                @Override
                public boolean accepts(String kind) {
                    return false;
                }

                @Override
                public void deliver(SalesEvent event) {
                    throw new IllegalStateException("No sales system is configured (orderflow.sales.target=none)");
                }
            };
            case WEBHOOK -> new WebhookTarget(http(builder, properties, properties.webhook().url()),
                    properties.webhook(), Clock.systemUTC());
            case SALESFORCE -> new SalesforceTarget(http(builder, properties,
                    properties.salesforce().instanceUrl()), properties.salesforce());
        };
    }

    /** A token's or a signature's time counts in real time, as the sales system counts it, not on the engine's clock. */
    private static RestClient http(RestClient.Builder builder, SalesProperties properties, String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalStateException("orderflow.sales.target " + properties.target().name().toLowerCase()
                    + " needs its URL (orderflow.sales.webhook.url or orderflow.sales.salesforce.instance-url)");
        }
        OutboundCredentials credentials = new OutboundCredentials("sales", baseUrl, properties.auth(),
                properties.connectTimeout(), properties.readTimeout(), Clock.systemUTC());
        // the JDK's HttpClient, which knows PATCH (Salesforce's upsert), unlike HttpURLConnection
        JdkClientHttpRequestFactory timeouts = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(properties.connectTimeout()).build());
        timeouts.setReadTimeout(properties.readTimeout());
        return builder.clone().requestFactory(timeouts).requestInterceptor(credentials.interceptor()).build();
    }
}
