package io.orderflow.model;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param migrateOnStart move running instances of older model versions to the latest version when the application
 *                       starts (with the plans in {@code bpmn/migration}); operators can also start it at
 *                       {@code /operations/migrations}
 */
@ConfigurationProperties(prefix = "orderflow.models")
public record ModelProperties(Boolean migrateOnStart) {

    public ModelProperties {
        migrateOnStart = migrateOnStart == null || migrateOnStart;
    }
}
