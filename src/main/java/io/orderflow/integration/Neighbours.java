package io.orderflow.integration;

import java.time.Clock;

import io.orderflow.integration.commerce.CommerceProperties;
import io.orderflow.integration.reltio.ReltioProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The credentials of each neighbour the application calls, from its {@code orderflow.<neighbour>} configuration. */
@Configuration
class Neighbours {

    @Bean
    OutboundCredentials commerceCredentials(CommerceProperties commerce, Clock clock) {
        return new OutboundCredentials("commerce", commerce.baseUrl(), commerce.auth(), commerce.connectTimeout(),
                commerce.readTimeout(), clock);
    }

    @Bean
    OutboundCredentials reltioCredentials(ReltioProperties reltio, Clock clock) {
        return new OutboundCredentials("reltio", reltio.baseUrl(), reltio.auth(), reltio.connectTimeout(),
                reltio.readTimeout(), clock);
    }
}
