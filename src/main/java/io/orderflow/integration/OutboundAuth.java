package io.orderflow.integration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How the application authenticates itself to a neighbour ({@code orderflow.<neighbour>.auth.*}): {@code none}, or
 * {@code basic} with a user name and password (the sandbox's simulated commerce and Reltio). Credentials come from
 * configuration only.
 */
public record OutboundAuth(Type type, String username, String password) {

    public enum Type { NONE, BASIC }

    public static final OutboundAuth NONE = new OutboundAuth(Type.NONE, null, null);

    public OutboundAuth {
        type = type == null ? Type.NONE : type;
        if (type == Type.BASIC && (username == null || username.isBlank() || password == null || password.isEmpty())) {
            throw new IllegalStateException("auth.type basic needs auth.username and auth.password");
        }
    }

    /** The value of the {@code Authorization} header to send, if any. */
    public Optional<String> authorization() {
        if (type != Type.BASIC) {
            return Optional.empty();
        }
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return type == Type.BASIC ? "basic " + username + ":****" : "none";
    }
}
