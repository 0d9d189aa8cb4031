package io.orderflow.sales;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.Executors;

import io.orderflow.integration.OutboundCredentials;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
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
            case WEBHOOK -> new WebhookTarget(http(builder, properties, properties.webhook().url(),
                    OutboundCredentials.connections(properties.connectTimeout(), properties.readTimeout())),
                    properties.webhook(), Clock.systemUTC());
            // the JDK's HttpClient, which knows PATCH (Salesforce's upsert), unlike HttpURLConnection
            case SALESFORCE -> new SalesforceTarget(http(builder, properties, properties.salesforce().instanceUrl(),
                    jdkClient(properties)), properties.salesforce());
        };
    }

    /**
     * Spring sends each request asynchronously and waits for its answer: given no executor, it starts a thread for
     * each request's body. (Where the common pool has a single thread, on two cores or fewer, the JDK still starts one
     * for each answer.)
     */
    private static ClientHttpRequestFactory jdkClient(SalesProperties properties) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("sales-http-");
        threads.setDaemon(true);
        JdkClientHttpRequestFactory timeouts = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(properties.connectTimeout())
                .executor(Executors.newCachedThreadPool(threads)).build());
        timeouts.setReadTimeout(properties.readTimeout());
        return timeouts;
    }

    /** A token's or a signature's time counts in real time, as the sales system counts it, not on the engine's clock. */
    private static RestClient http(RestClient.Builder builder, SalesProperties properties, String baseUrl,
            ClientHttpRequestFactory requestFactory) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalStateException("orderflow.sales.target " + properties.target().name().toLowerCase()
                    + " needs its URL (orderflow.sales.webhook.url or orderflow.sales.salesforce.instance-url)");
        }
        OutboundCredentials credentials = new OutboundCredentials("sales", baseUrl, properties.auth(),
                properties.connectTimeout(), properties.readTimeout(), Clock.systemUTC());
        return builder.clone().requestFactory(requestFactory).requestInterceptor(credentials.interceptor()).build();
    }
}
