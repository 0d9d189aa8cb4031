package io.orderflow.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Tokens for buyers' links: {@code base64url(kind:reference:expiry).base64url(HMAC-SHA256)}. A token names what it
 * opens (a quote, an order's details form) and until when; tampered or expired tokens are worthless.
 */
@Component
public class SignedLinks {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    SignedLinks(LinkProperties properties) {
        this.key = new SecretKeySpec(properties.secretBytes(), "HmacSHA256");
    }

    public String sign(String kind, String reference, Instant expires) {
        String payload = kind + ":" + reference + ":" + expires.getEpochSecond();
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The reference the token grants access to, if the token is intact, of that kind and not expired. */
    public Optional<String> verify(String kind, String token, Instant now) {
        return intact(kind, token).filter(parts -> !Instant.ofEpochSecond(Long.parseLong(parts[2])).isBefore(now))
                .map(parts -> parts[1]);
    }

    /**
     * The reference an intact token of that kind names, expired or not: enough to tell who it was meant for (to speak
     * their language), never to grant access.
     */
    public Optional<String> signedReference(String kind, String token) {
        return intact(kind, token).map(parts -> parts[1]);
    }

    private Optional<String[]> intact(String kind, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        try {
            String payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(payload), signature)) {
                return Optional.empty();
            }
            String[] parts = payload.split(":", -1);
            if (parts.length != 3 || !parts[0].equals(kind)) {
                return Optional.empty();
            }
            Long.parseLong(parts[2]);
            return Optional.of(parts);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
