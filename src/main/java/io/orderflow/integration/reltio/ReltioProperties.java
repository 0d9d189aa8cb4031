package io.orderflow.integration.reltio;

import java.time.Duration;

import io.orderflow.integration.OutboundAuth;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param resultTimeout how long the process waits for a validation result before back office chases it
 * @param unknownAfter  how long a callback for a request id nobody sent is kept trying before it is marked unknown,
 *                      and how long a request about to go out makes such a callback expected
 * @param callbackMaxChars the longest callback body accepted (characters); a longer one is refused with 413. Empty:
 *                      as long as the inbox can store
 * @param auth          how the application authenticates to Reltio
 */
@ConfigurationProperties(prefix = "orderflow.reltio")
public record ReltioProperties(String baseUrl, String callbackSecret, Duration connectTimeout, Duration readTimeout,
        Duration resultTimeout, Duration unknownAfter, Integer callbackMaxChars, OutboundAuth auth) {

    public ReltioProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        resultTimeout = resultTimeout == null ? Duration.ofHours(4) : resultTimeout;
        unknownAfter = unknownAfter == null ? Duration.ofMinutes(15) : unknownAfter;
        auth = auth == null ? OutboundAuth.NONE : auth;
    }
}
