package io.orderflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;

import io.orderflow.IntegrationTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Failed logins slow down the client that makes them; they never lock the account for anybody else. */
class LoginThrottleTest extends IntegrationTest {

    @Autowired
    IdentityService identityService;

    @Test
    void engineNeverLocksAUserAfterWrongPasswords() {
        String userId = newUser("right");
        try {
            for (int i = 0; i < 15; i++) {
                assertThat(identityService.checkPassword(userId, "wrong")).isFalse();
            }

            assertThat(identityService.checkPassword(userId, "right")).isTrue();
        } finally {
            identityService.deleteUser(userId);
        }
    }

    private String newUser(String password) {
        String userId = "throttle" + ThreadLocalRandom.current().nextInt(1_000_000);
        User user = identityService.newUser(userId);
        user.setPassword(password);
        identityService.saveUser(user);
        return userId;
    }
}
