package io.orderflow.integration;

import java.time.Clock;

import io.orderflow.integration.commerce.CommerceProperties;
import io.orderflow.integration.reltio.ReltioProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The credentials of each neighbour the application calls, from its {@code orderflow.<neighbour>} configuration. A
 * token's lifetime counts in real time, as its issuer counts it, not on the engine's clock.
 */
@Configuration
class Neighbours {

    @Bean
    OutboundCredentials commerceCredentials(CommerceProperties commerce) {
        return new OutboundCredentials("commerce", commerce.baseUrl(), commerce.auth(), commerce.connectTimeout(),
                commerce.readTimeout(), Clock.systemUTC());
    }

    @Bean
    OutboundCredentials reltioCredentials(ReltioProperties reltio) {
        return new OutboundCredentials("reltio", reltio.baseUrl(), reltio.auth(), reltio.connectTimeout(),
                reltio.readTimeout(), Clock.systemUTC());
    }
}
