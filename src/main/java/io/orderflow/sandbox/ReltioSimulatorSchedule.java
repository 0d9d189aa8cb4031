package io.orderflow.sandbox;

import java.time.Duration;
import java.time.Instant;

import io.orderflow.work.Worker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The sandbox Reltio's own worker thread: it calls back with the results that are due, in real time. */
@Configuration
@Profile("sandbox")
class ReltioSimulatorSchedule {

    @Bean
    Worker sandboxReltioCallbacks(ReltioSimulator reltio) {
        return new Worker("sandbox-reltio-callbacks", true, Duration.ofSeconds(1), () -> reltio.sendDue(Instant.now()));
    }
}
