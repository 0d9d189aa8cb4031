package io.orderflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.orderflow.MovableClock;
import org.junit.jupiter.api.Test;

/** The counting rules of {@link LoginThrottle} on a clock the test moves: window, growth and cap of the wait, memory. */
class LoginThrottleRulesTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-05T09:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new SecurityProperties("key", "password",
            new SecurityProperties.LoginThrottleSettings(3, Duration.ofMinutes(10), Duration.ofSeconds(30),
                    Duration.ofMinutes(2), 2)), clock);

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        throttle.failed("10.0.0.1", "admin");
        throttle.failed("10.0.0.1", "admin");
        clock.move(Duration.ofMinutes(10));
        throttle.failed("10.0.0.1", "admin");

        assertThat(throttle.waitBeforeLogin("10.0.0.1", "admin")).isEmpty();
        throttle.failed("10.0.0.1", "admin");
        throttle.failed("10.0.0.1", "admin");
        assertThat(throttle.waitBeforeLogin("10.0.0.1", "admin")).contains(Duration.ofSeconds(30));
    }

    @Test
    void waitDoublesWithEachBlockUpToTheMaximum() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "admin");
        }
        assertThat(throttle.waitBeforeLogin("10.0.0.1", "admin")).contains(Duration.ofSeconds(30));

        Duration[] expected = {Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(2)};
        for (Duration wait : expected) {
            clock.move(throttle.waitBeforeLogin("10.0.0.1", "admin").orElseThrow());
            throttle.failed("10.0.0.1", "admin");
            assertThat(throttle.waitBeforeLogin("10.0.0.1", "admin")).contains(wait);
        }
    }

    @Test
    void userIdsCountWithoutCaseAndBlanksAndOtherClientsAndUsersAreUnaffected() {
        throttle.failed("10.0.0.1", "Admin");
        throttle.failed("10.0.0.1", " admin");
        throttle.failed("10.0.0.1", "ADMIN ");

        assertThat(throttle.waitBeforeLogin("10.0.0.1", "admin")).isPresent();
        assertThat(throttle.waitBeforeLogin("10.0.0.2", "admin")).isEmpty();
        assertThat(throttle.waitBeforeLogin("10.0.0.1", "sara")).isEmpty();
    }

    @Test
    void remembersAtMostMaxTrackedPairsDroppingTheLeastRecentlyUsed() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "admin");
        }
        throttle.failed("10.0.0.2", "sara");
        assertThat(throttle.waitBeforeLogin("10.0.0.1", "admin")).isPresent();
        throttle.failed("10.0.0.3", "bob");

        assertThat(throttle.waitBeforeLogin("10.0.0.1", "admin")).as("used last but one: kept").isPresent();
        for (int i = 0; i < 2; i++) {
            throttle.failed("10.0.0.2", "sara");
        }
        assertThat(throttle.waitBeforeLogin("10.0.0.2", "sara")).as("dropped, so counting from one again").isEmpty();
    }
}
