package io.orderflow.sales;

import java.time.Duration;
import java.util.Map;

import io.orderflow.integration.OutboundAuth;
import io.orderflow.work.WorkPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sales system the application keeps in step ({@code orderflow.sales.*}).
 *
 * @param target         {@code none} (no events are written), {@code webhook} or {@code salesforce}
 * @param source         the CloudEvents {@code source} of every event: this installation
 * @param auth           how the application authenticates to the sales system
 * @param webhook        the webhook target
 * @param salesforce     the Salesforce target
 * @param sender         how the events are delivered (a worker thread of their own)
 */
@ConfigurationProperties(prefix = "orderflow.sales")
public record SalesProperties(Target target, String source, Duration connectTimeout, Duration readTimeout,
        OutboundAuth auth, Webhook webhook, Salesforce salesforce, Sender sender) {

    public enum Target { NONE, WEBHOOK, SALESFORCE }

    public SalesProperties {
        target = target == null ? Target.NONE : target;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        auth = auth == null ? OutboundAuth.NONE : auth;
        webhook = webhook == null ? new Webhook(null, null) : webhook;
        salesforce = salesforce == null ? new Salesforce(null, null, Map.of()) : salesforce;
    }

    /** Whether there is a sales system to keep in step. */
    public boolean enabled() {
        return target != Target.NONE;
    }

    /**
     * @param url    where the events are posted
     * @param secret the signing secret, {@code whsec_} and the base64 of 24 to 64 random bytes
     */
    public record Webhook(String url, String secret) {
    }

    /**
     * @param instanceUrl the org's URL, e.g. {@code https://example.my.salesforce.com}
     * @param apiVersion  e.g. {@code v61.0}
     * @param records     per kind of event ({@code quote}, {@code order}, {@code validation}) the record it upserts;
     *                    a kind without a record is not sent
     */
    public record Salesforce(String instanceUrl, String apiVersion, Map<String, SalesforceRecord> records) {

        public Salesforce {
            apiVersion = apiVersion == null ? "v61.0" : apiVersion;
            records = records == null ? Map.of() : Map.copyOf(records);
        }
    }

    /**
     * @param object          the sObject, e.g. {@code Opportunity} or {@code Orderflow_Quote__c}
     * @param externalIdField the external id field that holds the business key
     * @param fields          property of the event's {@code data} (or {@code eventType}, {@code eventTime}) → the
     *                        Salesforce field that takes it
     */
    public record SalesforceRecord(String object, String externalIdField, Map<String, String> fields) {

        public SalesforceRecord {
            fields = fields == null ? Map.of() : Map.copyOf(fields);
        }
    }

    public record Sender(boolean enabled, Duration interval, int batchSize, int maxAttempts, Duration initialBackoff,
            Duration maxBackoff, Duration lease) {

        WorkPolicy policy() {
            return new WorkPolicy(batchSize, lease, maxAttempts, initialBackoff, maxBackoff);
        }
    }
}
