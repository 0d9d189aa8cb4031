package io.orderflow.integration.commerce;

import java.time.Duration;

import io.orderflow.integration.OutboundAuth;
import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties(prefix = "orderflow.commerce")
public record CommerceProperties(String baseUrl, Duration connectTimeout, Duration readTimeout, OutboundAuth auth) {

    public CommerceProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        auth = auth == null ? OutboundAuth.NONE : auth;
    }
}
