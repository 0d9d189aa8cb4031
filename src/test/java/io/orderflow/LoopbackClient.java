package io.orderflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.http.Header;
import org.apache.http.NameValuePair;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.cookie.Cookie;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.BasicCookieStore;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicNameValuePair;
import org.apache.http.util.EntityUtils;

/**
 * A client on another machine, as the server sees it: its connections leave from another loopback address
 * (127.0.0.2 … 127.0.0.254, all on Linux's loopback interface), so the server's {@code getRemoteAddr()} differs from
 * the 127.0.0.1 of every other test. Keeps its cookies, follows no redirect. (Java 17's HttpClient cannot bind a local
 * address; Apache HttpClient, which Camunda Connect brings, can.)
 */
public final class LoopbackClient implements AutoCloseable {

    public record Response(int status, Map<String, List<String>> headers, String body) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst();
        }
    }

    private final String base;
    private final BasicCookieStore cookies = new BasicCookieStore();
    private final CloseableHttpClient http;

    public LoopbackClient(String localAddress, int port) {
        this.base = "http://127.0.0.1:" + port;
        try {
            this.http = HttpClients.custom()
                    .setDefaultRequestConfig(RequestConfig.custom()
                            .setLocalAddress(InetAddress.getByName(localAddress))
                            .setRedirectsEnabled(false)
                            .build())
                    .setDefaultCookieStore(cookies)
                    .disableRedirectHandling()
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response get(String path, String... headers) {
        return send(new HttpGet(base + path), headers);
    }

    public Response postForm(String path, Map<String, String> form, String... headers) {
        HttpPost post = new HttpPost(base + path);
        List<NameValuePair> fields = new ArrayList<>();
        form.forEach((name, value) -> fields.add(new BasicNameValuePair(name, value)));
        post.setEntity(new UrlEncodedFormEntity(fields, StandardCharsets.UTF_8));
        return send(post, headers);
    }

    public Response postJson(String path, String json, String... headers) {
        HttpPost post = new HttpPost(base + path);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return send(post, headers);
    }

    public Optional<String> cookie(String name) {
        return cookies.getCookies().stream().filter(cookie -> cookie.getName().equals(name)).map(Cookie::getValue)
                .findFirst();
    }

    private Response send(HttpRequestBase request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        try (CloseableHttpResponse response = http.execute(request)) {
            Map<String, List<String>> answered = new java.util.LinkedHashMap<>();
            for (Header header : response.getAllHeaders()) {
                answered.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
            }
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            return new Response(response.getStatusLine().getStatusCode(), answered, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
