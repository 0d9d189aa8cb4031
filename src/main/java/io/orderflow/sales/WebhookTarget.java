package io.orderflow.sales;

import java.time.Clock;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Posts each event as CloudEvents 1.0 structured JSON to the webhook URL, signed per Standard Webhooks: the
 * {@code webhook-id} is the event's id, the same on every attempt, so the receiver deduplicates; the timestamp is the
 * attempt's, in real time. Any answer but 2xx is a failed attempt.
 */
final class WebhookTarget implements SalesTarget {

    static final MediaType CLOUDEVENTS_JSON = MediaType.parseMediaType("application/cloudevents+json; charset=UTF-8");

    private final RestClient http;
    private final String url;
    private final WebhookSignatures signatures;
    private final Clock clock;

    WebhookTarget(RestClient http, SalesProperties.Webhook webhook, Clock clock) {
        this.http = http;
        this.url = webhook.url();
        this.signatures = new WebhookSignatures(webhook.secret());
        this.clock = clock;
    }

    @Override
    public boolean accepts(String kind) {
        return true;
    }

    @Override
    public void deliver(SalesEvent event) {
        http.post().uri(url)
                .contentType(CLOUDEVENTS_JSON)
                .headers(headers -> signatures.headers(event.id(), clock.instant(), event.body()).forEach(headers::set))
                .body(event.body())
                .retrieve()
                .toBodilessEntity();
    }
}
