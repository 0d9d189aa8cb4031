package io.orderflow.web;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import io.orderflow.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each role meets on the pages: a home page of what it can open, and error pages in the application's style. */
class PagesPerRoleTest extends IntegrationTest {

    /** {@code orderflow.operations.dashboard-url} of the tests. */
    private static final String DASHBOARD = "http://grafana.test/d/orderflow";
    private static final List<String> EVERY_LINK = List.of("/camunda/app/tasklist/", "/camunda/app/cockpit/",
            "/camunda/app/admin/", "/operations/reltio-callbacks", "/operations/sales-events", "/operations/kyc-erasure",
            "/operations/migrations", "/audit", "/reports",
            "/swagger-ui.html", DASHBOARD);

    @ParameterizedTest(name = "{0} sees {1}")
    @CsvSource(delimiter = ';', value = {
        "sara; /camunda/app/tasklist/ /swagger-ui.html",
        "mike; /camunda/app/tasklist/ /reports /swagger-ui.html",
        "bob; /camunda/app/tasklist/ /swagger-ui.html",
        "audrey; /camunda/app/cockpit/ /audit /reports /swagger-ui.html",
        "admin; /camunda/app/tasklist/ /camunda/app/cockpit/ /camunda/app/admin/ /operations/reltio-callbacks "
                + "/operations/sales-events /operations/kyc-erasure /operations/migrations /swagger-ui.html " + DASHBOARD})
    void homePageLinksEachRoleOnlyToPagesItCanOpen(String user, String visible) {
        HttpResponse<String> home = get(url("/"), "Authorization", basic(user, PASSWORD));

        assertThat(home.statusCode()).isEqualTo(200);
        List<String> expected = List.of(visible.split(" "));
        for (String link : EVERY_LINK) {
            String anchor = "href=\"" + link + "\"";
            if (expected.contains(link)) {
                assertThat(home.body()).as(user + " sees " + link).contains(anchor);
            } else {
                assertThat(home.body()).as(user + " does not see " + link).doesNotContain(anchor);
            }
        }
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = ';', value = {
        "/audit; en; 403; You may not open this page",
        "/audit; de; 403; Diese Seite dürfen Sie nicht öffnen",
        "/reports; fr; 403; Vous n’avez pas accès à cette page",
        "/no-such-page; en; 404; This page does not exist",
        "/no-such-page; de; 404; Diese Seite gibt es nicht",
        "/no-such-page; fr; 404; Cette page n’existe pas"})
    void refusedOrMissingPageIsAnsweredInTheApplicationsStyleAndTheUsersLanguage(String path, String language,
            int status, String title) {
        HttpResponse<String> page = get(url(path), "Authorization", basic("sara", PASSWORD), "Accept", "text/html",
                "Accept-Language", language);

        assertThat(page.statusCode()).isEqualTo(status);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains(title, "/css/orderflow.css", "href=\"/\"", "lang=\"" + language + "\"")
                .doesNotContain("Whitelabel");
    }

    @Test
    void apiCallersStillGetAProblemForAMissingResource() {
        HttpResponse<String> missing = get(url("/api/v1/quotes/Q-NOPE"), "X-Api-Key", "sandbox-checkout-key",
                "Accept", "application/json");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(missing.body()).doesNotContain("Whitelabel", "<html");
    }

    @Test
    void sandboxLoginPageSaysWhereTheDemoUsersAreAndTheirPassword() {
        HttpResponse<String> login = get(url("/login"), "Accept", "text/html");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"username\"", "name=\"password\"", "name=\"_csrf\" type=\"hidden\" value=\"",
                "sara", "mike", "dora", "bob", "olga", "audrey", "<code>demo</code>", "README.md#sandbox");
    }

    @Test
    void failedLoginIsSaidOnTheLoginPage() {
        HttpResponse<String> login = get(url("/login?error"), "Accept", "text/html", "Accept-Language", "de");

        assertThat(login.body()).contains("Benutzername oder Passwort ist falsch");
    }
}
