package io.orderflow.integration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The credentials the application presents to one neighbour, per its {@link OutboundAuth}. For OAuth 2.0 the access
 * token comes from Spring Security's {@link AuthorizedClientServiceOAuth2AuthorizedClientManager}, kept until shortly
 * before it expires; a token the neighbour answered 401 to is forgotten, so the next request fetches a new one.
 * Every call to the neighbour at its base URL, by Camunda Connect or by a {@link RestClient}, goes through
 * {@link #send(Exchange)}: the credentials are set on it, and after a 401 to a token it is sent once more with a new
 * token. A 401 that remains is an {@link OutboundAuthenticationException}, a technical failure, never a business
 * refusal.
 */
public final class OutboundCredentials {

    /** The principal the application's tokens are kept under: the application itself. */
    private static final String PRINCIPAL = "orderflow";

    /** One request to the neighbour: sets a header, then is sent, as often as asked. */
    public interface Exchange<R> {
        void header(String name, String value);

        R send() throws Exception;

        int status(R response) throws Exception;

        void discard(R response) throws Exception;
    }

    /** A header to send. */
    private record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": ****";
        }
    }

    private final String neighbour;
    private final String baseUrl;
    private final OutboundAuth auth;
    private final AuthorizedClientServiceOAuth2AuthorizedClientManager tokens;
    private final InMemoryOAuth2AuthorizedClientService kept;

    public OutboundCredentials(String neighbour, String baseUrl, OutboundAuth auth, Duration connectTimeout,
            Duration readTimeout, Clock clock) {
        this.neighbour = neighbour;
        this.baseUrl = baseUrl;
        this.auth = auth;
        if (auth.type() != OutboundAuth.Type.OAUTH2) {
            this.tokens = null;
            this.kept = null;
            return;
        }
        ClientRegistration registration = ClientRegistration.withRegistrationId(neighbour)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .tokenUri(auth.tokenUri())
                .clientId(auth.clientId())
                .clientSecret(auth.clientSecret())
                .scope(auth.scopes())
                .build();
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
        this.kept = new InMemoryOAuth2AuthorizedClientService(registrations);
        RestClientClientCredentialsTokenResponseClient tokenEndpoint = new RestClientClientCredentialsTokenResponseClient();
        tokenEndpoint.setRestClient(RestClient.builder()
                .requestFactory(connections(connectTimeout, readTimeout))
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new FormHttpMessageConverter());
                    converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        ClientCredentialsOAuth2AuthorizedClientProvider provider = new ClientCredentialsOAuth2AuthorizedClientProvider();
        provider.setAccessTokenResponseClient(tokenEndpoint);
        provider.setClockSkew(auth.refreshBefore());
        provider.setClock(clock);
        this.tokens = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, kept);
        this.tokens.setAuthorizedClientProvider(provider);
    }

    /** Whether {@code url} is one of this neighbour's. */
    public boolean serves(String url) {
        if (baseUrl == null || baseUrl.isBlank() || url == null || !url.startsWith(baseUrl)) {
            return false;
        }
        // the base URL as a whole, not the start of another host or path ("…/commerce" is not "…/commerce-old")
        return baseUrl.endsWith("/") || url.length() == baseUrl.length() || "/?#".indexOf(url.charAt(baseUrl.length())) >= 0;
    }

    /** The header to send now, if any; for OAuth 2.0 a kept token, or a new one from the token endpoint. */
    private Optional<Header> header() throws OutboundAuthenticationException {
        return switch (auth.type()) {
            case NONE -> Optional.empty();
            case BASIC -> Optional.of(new Header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8))));
            case API_KEY -> Optional.of(new Header(auth.headerName(), auth.headerValue()));
            case OAUTH2 -> Optional.of(new Header("Authorization", "Bearer " + token()));
        };
    }

    /** One token for all threads: the first to find none fetches it, the others wait for it. */
    private synchronized String token() throws OutboundAuthenticationException {
        OAuth2AuthorizedClient client;
        try {
            client = tokens.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(neighbour).principal(PRINCIPAL).build());
        } catch (RuntimeException e) {
            throw new OutboundAuthenticationException(neighbour + ": no access token from " + auth.tokenUri() + ": "
                    + e.getMessage(), e);
        }
        if (client == null) {
            throw new OutboundAuthenticationException(neighbour + ": no access token from " + auth.tokenUri());
        }
        return client.getAccessToken().getTokenValue();
    }

    /** Forgets the token {@code sent} carried if it is still the kept one; true if a new token is worth a try. */
    private synchronized boolean rejected(Header sent) {
        if (auth.type() != OutboundAuth.Type.OAUTH2) {
            return false;
        }
        OAuth2AuthorizedClient client = kept.loadAuthorizedClient(neighbour, PRINCIPAL);
        if (client != null && sent.value().equals("Bearer " + client.getAccessToken().getTokenValue())) {
            kept.removeAuthorizedClient(neighbour, PRINCIPAL);
        }
        return true;
    }

    /** Sends {@code exchange} with the credentials; after a 401 to a token, once more with a new token. */
    public <R> R send(Exchange<R> exchange) throws Exception {
        Optional<Header> header = header();
        header.ifPresent(value -> exchange.header(value.name(), value.value()));
        R response = exchange.send();
        if (exchange.status(response) != HttpStatus.UNAUTHORIZED.value()) {
            return response;
        }
        if (header.isPresent() && rejected(header.get())) {
            exchange.discard(response);
            Header renewed = header().orElseThrow();
            exchange.header(renewed.name(), renewed.value());
            response = exchange.send();
            if (exchange.status(response) != HttpStatus.UNAUTHORIZED.value()) {
                return response;
            }
        }
        exchange.discard(response);
        throw new OutboundAuthenticationException(neighbour + " refused the application's credentials (" + auth.type().label()
                + ") with 401 at " + baseUrl);
    }

    /**
     * Connections to a neighbour with these timeouts, over {@code HttpURLConnection}: kept alive between requests, and
     * each request sent and answered on the calling thread.
     */
    public static ClientHttpRequestFactory connections(Duration connectTimeout, Duration readTimeout) {
        SimpleClientHttpRequestFactory connections = new SimpleClientHttpRequestFactory();
        connections.setConnectTimeout(connectTimeout);
        connections.setReadTimeout(readTimeout);
        return connections;
    }

    /** For a {@link RestClient} of this neighbour: {@link #send(Exchange)} for each of its requests. */
    public ClientHttpRequestInterceptor interceptor() {
        return (request, body, execution) -> {
            try {
                return send(new Exchange<ClientHttpResponse>() {
                    @Override
                    public void header(String name, String value) {
                        request.getHeaders().set(name, value);
                    }

                    @Override
                    public ClientHttpResponse send() throws IOException {
                        return execution.execute(request, body);
                    }

                    @Override
                    public int status(ClientHttpResponse response) throws IOException {
                        return response.getStatusCode().value();
                    }

                    @Override
                    public void discard(ClientHttpResponse response) {
                        response.close();
                    }
                });
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        };
    }

    @Override
    public String toString() {
        return neighbour + " (" + auth + ")";
    }
}
