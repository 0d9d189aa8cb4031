package io.orderflow.security;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.LoopbackClient;
import io.orderflow.LoopbackClient.Response;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Failed logins slow down the client that makes them; they never lock the account for anybody else. Each test's
 * attacker connects from a loopback address of its own (see {@link LoopbackClient}); every other call of the suite
 * comes from 127.0.0.1.
 */
class LoginThrottleTest extends IntegrationTest {

    private static final Pattern FORM_CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

    @Autowired
    IdentityService identityService;

    @Value("${orderflow.security.login-throttle.attempts}")
    int attempts;

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

    @Test
    void wrongAdminPasswordsFromOneClientAreAnswered429WhileAdminLogsInFromAnotherClient() {
        List<Integer> statuses = new ArrayList<>();
        Response rightPasswordWhileThrottled;
        try (LoopbackClient attacker = new LoopbackClient("127.0.0.11", port)) {
            for (int i = 0; i < 12; i++) {
                statuses.add(attacker.get("/engine-rest/engine", "Authorization", basic("admin", "guess" + i)).status());
            }
            rightPasswordWhileThrottled = attacker.get("/engine-rest/engine", "Authorization", basic("admin", PASSWORD));
        }

        assertThat(statuses.subList(0, attempts)).containsOnly(401);
        assertThat(statuses.subList(attempts, statuses.size())).containsOnly(429);
        // while the client waits, no password of it is tried, not even the right one
        assertThat(rightPasswordWhileThrottled.status()).isEqualTo(429);
        assertThat(rightPasswordWhileThrottled.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(rightPasswordWhileThrottled.body()).contains("login-throttled");
        assertThat(retryAfter(rightPasswordWhileThrottled)).isPositive();
        // the operator, from elsewhere, is not locked out
        assertThat(get(url("/engine-rest/engine"), "Authorization", basic("admin", PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(get(url("/"), "Authorization", basic("admin", PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(identityService.checkPassword("admin", PASSWORD)).isTrue();
    }

    @Test
    void throttledClientTriesAgainOnceTheBackoffExpiredWaitsLongerAfterTheNextFailureAndSuccessStartsAfresh() {
        String userId = newUser("right");
        Instant start = Instant.now();
        try (LoopbackClient client = new LoopbackClient("127.0.0.12", port)) {
            Function<String, Integer> login = password ->
                    client.get("/engine-rest/engine", "Authorization", basic(userId, password)).status();
            ClockUtil.setCurrentTime(Date.from(start));
            for (int i = 0; i < attempts; i++) {
                assertThat(login.apply("wrong")).isEqualTo(401);
            }
            Response throttled = client.get("/engine-rest/engine", "Authorization", basic(userId, "wrong"));
            assertThat(throttled.status()).isEqualTo(429);
            long firstWait = retryAfter(throttled);

            ClockUtil.setCurrentTime(Date.from(start.plusSeconds(firstWait - 1)));
            assertThat(login.apply("right")).as("one second before the backoff ends").isEqualTo(429);

            Instant afterFirstWait = start.plusSeconds(firstWait);
            ClockUtil.setCurrentTime(Date.from(afterFirstWait));
            assertThat(login.apply("wrong")).as("tried again once the backoff expired").isEqualTo(401);
            Response again = client.get("/engine-rest/engine", "Authorization", basic(userId, "wrong"));
            assertThat(again.status()).isEqualTo(429);
            long secondWait = retryAfter(again);
            assertThat(secondWait).as("the backoff grows").isGreaterThan(firstWait);

            ClockUtil.setCurrentTime(Date.from(afterFirstWait.plusSeconds(secondWait)));
            assertThat(login.apply("right")).isEqualTo(200);
            for (int i = 0; i < attempts; i++) {
                assertThat(login.apply("wrong")).as("a success starts the count afresh").isEqualTo(401);
            }
            assertThat(login.apply("right")).isEqualTo(429);
        } finally {
            ClockUtil.reset();
            identityService.deleteUser(userId);
        }
    }

    @Test
    void formLoginWebappLoginAndBasicOnPagesAndEngineRestCountTogether() {
        try (LoopbackClient attacker = new LoopbackClient("127.0.0.13", port)) {
            List<Function<String, Response>> logins = List.of(
                    password -> formLogin(attacker, "dora", password),
                    password -> webappLogin(attacker, "dora", password),
                    password -> attacker.get("/sandbox/mailbox.json", "Authorization", basic("dora", password)),
                    password -> attacker.get("/engine-rest/engine", "Authorization", basic("dora", password)));
            for (int i = 0; i < attempts; i++) {
                Response failed = logins.get(i % logins.size()).apply("wrong");
                assertThat(failed.status()).as("failure %d", i + 1).isIn(302, 401);
                if (failed.status() == 302) {
                    assertThat(failed.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
                }
            }

            for (Function<String, Response> login : logins) {
                Response throttled = login.apply(PASSWORD);
                assertThat(throttled.status()).isEqualTo(429);
                assertThat(throttled.header("Retry-After")).isPresent();
            }
        }
        assertThat(get(url("/sandbox/mailbox.json"), "Authorization", basic("dora", PASSWORD)).statusCode()).isEqualTo(200);
    }

    @Test
    void passwordVerificationOverEngineRestIsThrottledToo() {
        try (LoopbackClient client = new LoopbackClient("127.0.0.14", port)) {
            String verify = "/engine-rest/identity/verify";
            String admin = basic("admin", PASSWORD);
            for (int i = 0; i < attempts; i++) {
                assertThat(client.postJson(verify, "{\"username\":\"olga\",\"password\":\"guess" + i + "\"}",
                        "Authorization", admin).body()).contains("\"authenticated\":false");
            }

            // no longer tried for this client: not even the right password is confirmed
            Response right = client.postJson(verify, "{\"username\":\"olga\",\"password\":\"" + PASSWORD + "\"}",
                    "Authorization", admin);
            assertThat(right.body()).contains("\"authenticated\":false");
            assertThat(client.get("/engine-rest/engine", "Authorization", basic("olga", PASSWORD)).status()).isEqualTo(429);
        }
        assertThat(HttpCalls.postJson(url("/engine-rest/identity/verify"),
                "{\"username\":\"olga\",\"password\":\"" + PASSWORD + "\"}", "Authorization", basic("admin", PASSWORD))
                .body()).contains("\"authenticated\":true");
    }

    /** The page login form, as a browser sends it: with the session and CSRF token of the login page. */
    private static Response formLogin(LoopbackClient browser, String user, String password) {
        Matcher csrf = FORM_CSRF.matcher(browser.get("/login").body());
        assertThat(csrf.find()).as("CSRF token on the login page").isTrue();
        return browser.postForm("/login", Map.of("username", user, "password", password, "_csrf", csrf.group(1)));
    }

    /** The Camunda webapps' login, as their login form sends it. */
    private static Response webappLogin(LoopbackClient browser, String user, String password) {
        if (browser.cookie("XSRF-TOKEN").isEmpty()) {
            browser.get("/camunda/app/tasklist/default/");
        }
        return browser.postForm("/camunda/api/admin/auth/user/default/login/tasklist",
                Map.of("username", user, "password", password),
                "X-XSRF-TOKEN", browser.cookie("XSRF-TOKEN").orElseThrow());
    }

    private static long retryAfter(Response response) {
        return Long.parseLong(response.header("Retry-After").orElseThrow());
    }

    private String newUser(String password) {
        String userId = "throttle" + ThreadLocalRandom.current().nextInt(1_000_000);
        User user = identityService.newUser(userId);
        user.setPassword(password);
        identityService.saveUser(user);
        return userId;
    }
}
