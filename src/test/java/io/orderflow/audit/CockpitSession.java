package io.orderflow.audit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A user logged into a Camunda webapp the way its login form does it: a first page view for the session and the
 * XSRF-TOKEN cookie, then the login POST with the token in {@code X-XSRF-TOKEN}. The login starts a new session with
 * a new token, which the next GET hands out (as the webapp's own next request does); a write with the old token
 * would be refused and end the session. Later calls send the session cookie and the current token.
 */
public final class CockpitSession {

    private final CookieManager cookies = new CookieManager();
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;

    private CockpitSession(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Logs in; the login answer is in {@link #login}. */
    public static CockpitSession login(String baseUrl, String user, String password, String application) {
        CockpitSession session = new CockpitSession(baseUrl);
        session.send(HttpRequest.newBuilder(URI.create(baseUrl + "/camunda/app/" + application + "/default/")).GET());
        session.login = session.send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "/camunda/api/admin/auth/user/default/login/" + application))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", session.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
        session.get("/camunda/api/admin/auth/user/default");
        return session;
    }

    public HttpResponse<String> login;

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "application/json")
                .header("X-XSRF-TOKEN", csrfToken()).GET());
    }

    public HttpResponse<String> send(String method, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .header("Accept", "application/json").header("X-XSRF-TOKEN", csrfToken())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public String csrfToken() {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .reduce((first, second) -> second).orElseThrow().getValue();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
