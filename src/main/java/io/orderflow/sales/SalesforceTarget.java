package io.orderflow.sales;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Upserts one Salesforce record per business key through the REST API ({@code PATCH
 * /services/data/<version>/sobjects/<object>/<external id field>/<business key>}), with the fields the kind's record
 * maps from the event. The newest event of a key is the record's state: events of one key arrive in order, and a
 * repeated upsert writes the same values again. Regions go out as Salesforce's state picklist holds them, the ISO
 * 3166-2 subdivision code without its country prefix ({@code DE-BY} → {@code BY}); countries as ISO 3166-1 alpha-2.
 */
final class SalesforceTarget implements SalesTarget {

    static final String EVENT_TYPE = "eventType";
    static final String EVENT_TIME = "eventTime";
    static final String REGION = "region";

    private static final Pattern ISO_3166_2 = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}");

    private final RestClient http;
    private final SalesProperties.Salesforce salesforce;

    SalesforceTarget(RestClient http, SalesProperties.Salesforce salesforce) {
        this.http = http;
        this.salesforce = salesforce;
    }

    @Override
    public boolean accepts(String kind) {
        return salesforce.records().containsKey(kind);
    }

    @Override
    public void deliver(SalesEvent event) {
        SalesProperties.SalesforceRecord record = salesforce.records().get(event.kind());
        if (record == null) {
            throw new IllegalStateException("No Salesforce record is configured for " + event.kind() + " events"
                    + " (orderflow.sales.salesforce.records." + event.kind() + ")");
        }
        http.patch()
                .uri(salesforce.instanceUrl() + "/services/data/{version}/sobjects/{object}/{field}/{key}",
                        salesforce.apiVersion(), record.object(), record.externalIdField(), event.businessKey())
                .contentType(MediaType.APPLICATION_JSON)
                .body(fields(record, event))
                .retrieve()
                .toBodilessEntity();
    }

    /** The record's fields from the event; a property the event does not carry leaves its field as it is. */
    static ObjectNode fields(SalesProperties.SalesforceRecord record, SalesEvent event) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> mapped : record.fields().entrySet()) {
            String property = mapped.getKey();
            switch (property) {
                case EVENT_TYPE -> fields.put(mapped.getValue(), event.type());
                case EVENT_TIME -> fields.put(mapped.getValue(), event.time().toString());
                default -> {
                    JsonNode value = event.data() == null ? null : event.data().get(property);
                    if (value != null && !value.isNull()) {
                        fields.set(mapped.getValue(), REGION.equals(property)
                                ? JsonNodeFactory.instance.textNode(stateCode(value.asText(), event)) : value);
                    }
                }
            }
        }
        return fields;
    }

    private static String stateCode(String region, SalesEvent event) {
        if (!ISO_3166_2.matcher(region).matches()) {
            throw new IllegalStateException("Region " + region + " of " + event.type() + " " + event.businessKey()
                    + " is no ISO 3166-2 code; Salesforce's state picklist cannot take it");
        }
        return region.substring(3);
    }
}
