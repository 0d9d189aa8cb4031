package io.orderflow.security;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static io.orderflow.HttpCalls.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import org.junit.jupiter.api.Test;

class AccessTest extends IntegrationTest {

    @Test
    void engineRestRefusesAnonymousCallers() {
        HttpResponse<String> response = get(url("/engine-rest/engine"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void engineRestAcceptsCamundaUsersOverBasicAuth() {
        assertThat(get(url("/engine-rest/engine"), "Authorization", basic("admin", PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(get(url("/engine-rest/engine"), "Authorization", basic("sara", PASSWORD)).statusCode()).isEqualTo(200);
        // a wrong password counts against this client for that user (LoginThrottle), and every test calls from
        // 127.0.0.1: a user that does not exist keeps the real users' counts clean
        assertThat(get(url("/engine-rest/engine"), "Authorization", basic("nobody", "wrong")).statusCode()).isEqualTo(401);
    }

    @Test
    void adminFirstRunSetupIsRefused() {
        HttpResponse<String> response = postJson(url("/camunda/api/admin/setup/default/user/create"),
                "{\"profile\":{\"id\":\"intruder\"},\"credentials\":{\"password\":\"x\"}}");

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void expressionInTaskQueryParameterIsRefusedNamingTheParameter() {
        HttpResponse<String> response = get(url("/engine-rest/task?assigneeExpression=%24%7BcurrentUser()%7D"),
                "Authorization", basic("sara", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"field\":\"assigneeExpression\"").contains("expression-refused");
    }

    @Test
    void expressionInOrQueriesOfTaskQueryBodyIsRefused() {
        HttpResponse<String> response = postJson(url("/engine-rest/task"),
                "{\"orQueries\":[{\"dueDateExpression\":\"#{''.getClass()}\"}]}", "Authorization", basic("sara", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"orQueries[0].dueDateExpression\"");
    }

    @Test
    void literalTaskQueryBodyStillReachesTheEngine() {
        HttpResponse<String> response = postJson(url("/engine-rest/task"),
                "{\"candidateGroup\":\"sales\"}", "Authorization", basic("sara", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("[");
    }

    @Test
    void checkoutApiRequiresTheApiKey() {
        HttpResponse<String> missing = get(url("/api/v1/quotes/Q-1"));
        HttpResponse<String> wrong = get(url("/api/v1/quotes/Q-1"), "X-Api-Key", "guess");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("\"field\":\"X-Api-Key\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void pagesRedirectBrowsersToLoginAndAnswerScripts401() {
        HttpResponse<String> browser = get(url("/"), "Accept", "text/html");
        HttpResponse<String> script = get(url("/sandbox/mailbox.json"));

        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(script.statusCode()).isEqualTo(401);
    }

    @Test
    void pagesAcceptCamundaUsersOverBasicAuth() {
        HttpResponse<String> home = get(url("/"), "Authorization", basic("sara", PASSWORD));

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("/camunda/app/tasklist/", "/sandbox/mailbox", "/swagger-ui.html")
                .doesNotContain("/camunda/app/cockpit/", "/camunda/app/admin/");
    }

    @Test
    void healthAndApiDocsArePublic() {
        assertThat(get(url("/actuator/health")).body()).contains("\"status\":\"UP\"");
        assertThat(get(url("/v3/api-docs")).statusCode()).isEqualTo(200);
    }

    @Test
    void salesRepLogsIntoTasklistButNotCockpit() {
        assertThat(webappLogin("sara", "tasklist").statusCode()).isEqualTo(200);
        assertThat(webappLogin("sara", "cockpit").statusCode()).isEqualTo(403);
    }

    @Test
    void auditorLogsIntoCockpit() {
        HttpResponse<String> login = webappLogin("audrey", "cockpit");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("\"userId\":\"audrey\"");
    }

    @Test
    void auditorReadsHistoryButCannotChangeIdentityOrDeploy() {
        String audrey = basic("audrey", PASSWORD);

        assertThat(get(url("/engine-rest/history/process-instance"), "Authorization", audrey).statusCode()).isEqualTo(200);
        assertThat(get(url("/engine-rest/process-definition"), "Authorization", audrey).statusCode()).isEqualTo(200);
        assertThat(postJson(url("/engine-rest/user/create"),
                "{\"profile\":{\"id\":\"mallory\"},\"credentials\":{\"password\":\"secret\"}}",
                "Authorization", audrey).statusCode()).isEqualTo(403);
        assertThat(postJson(url("/engine-rest/group/create"), "{\"id\":\"rogues\",\"name\":\"Rogues\"}",
                "Authorization", audrey).statusCode()).isEqualTo(403);
        assertThat(HttpCalls.send(HttpRequest.newBuilder(URI.create(url("/engine-rest/group/auditors/members/audrey")))
                .header("Authorization", audrey).DELETE()).statusCode()).isEqualTo(403);
    }

    /** Logs in the way the webapp's login form does: with the session and CSRF token of a first page view. */
    private HttpResponse<String> webappLogin(String user, String application) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        try {
            browser.send(HttpRequest.newBuilder(URI.create(url("/camunda/app/" + application + "/default/"))).build(),
                    HttpResponse.BodyHandlers.discarding());
            String csrf = ((CookieManager) browser.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                    .filter(cookie -> cookie.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
            return browser.send(HttpRequest.newBuilder(URI.create(url("/camunda/api/admin/auth/user/default/login/" + application)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + PASSWORD)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
