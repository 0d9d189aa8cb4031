package io.orderflow.integration;

import java.time.Duration;
import java.util.List;

/**
 * How the application authenticates itself to a neighbour ({@code orderflow.<neighbour>.auth.*}):
 * <ul>
 * <li>{@code none};</li>
 * <li>{@code basic}: {@code username} and {@code password} (the sandbox's simulated neighbours);</li>
 * <li>{@code api-key}: a static header, {@code header-name} (default {@code Authorization}) and
 * {@code header-value};</li>
 * <li>{@code oauth2}: the OAuth 2.0 client credentials grant at {@code token-uri} with {@code client-id},
 * {@code client-secret} and {@code scope} (space- or comma-separated); the token is kept until {@code refresh-before} (default 60 s) before it
 * expires, and fetched anew once when the neighbour answers 401.</li>
 * </ul>
 * Credentials come from configuration (or the environment) only, and {@link #toString()} shows none of them.
 */
public record OutboundAuth(Type type, String username, String password, String headerName, String headerValue,
        String tokenUri, String clientId, String clientSecret, String scope, Duration refreshBefore) {

    public enum Type {
        NONE, BASIC, API_KEY, OAUTH2;

        /** As configured: {@code none}, {@code basic}, {@code api-key}, {@code oauth2}. */
        public String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public static final OutboundAuth NONE = new OutboundAuth(Type.NONE, null, null, null, null, null, null, null, null, null);

    public OutboundAuth {
        type = type == null ? Type.NONE : type;
        headerName = headerName == null || headerName.isBlank() ? "Authorization" : headerName;
        refreshBefore = refreshBefore == null ? Duration.ofSeconds(60) : refreshBefore;
        switch (type) {
            case BASIC -> require(type, username, "username", password, "password");
            case API_KEY -> require(type, headerValue, "header-value", headerName, "header-name");
            case OAUTH2 -> {
                require(type, tokenUri, "token-uri", clientId, "client-id");
                require(type, clientSecret, "client-secret", clientId, "client-id");
            }
            case NONE -> { }
        }
    }

    public static OutboundAuth basic(String username, String password) {
        return new OutboundAuth(Type.BASIC, username, password, null, null, null, null, null, null, null);
    }

    public static OutboundAuth apiKey(String name, String value) {
        return new OutboundAuth(Type.API_KEY, null, null, name, value, null, null, null, null, null);
    }

    public static OutboundAuth oauth2(String tokenUri, String clientId, String clientSecret, String scope) {
        return new OutboundAuth(Type.OAUTH2, null, null, null, null, tokenUri, clientId, clientSecret, scope, null);
    }

    /** The scopes asked for, from {@code scope}: separated by spaces (as OAuth 2.0 writes them) or commas. */
    public List<String> scopes() {
        return scope == null || scope.isBlank() ? List.of() : List.of(scope.trim().split("[\\s,]+"));
    }

    private static void require(Type type, String first, String firstName, String second, String secondName) {
        if (first == null || first.isBlank() || second == null || second.isBlank()) {
            throw new IllegalStateException("auth.type " + type.label() + " needs auth." + firstName
                    + " and auth." + secondName);
        }
    }

    @Override
    public String toString() {
        return switch (type) {
            case NONE -> "none";
            case BASIC -> "basic " + username + ":****";
            case API_KEY -> "api-key " + headerName + ": ****";
            case OAUTH2 -> "oauth2 " + clientId + ":**** at " + tokenUri + " " + scopes();
        };
    }
}
