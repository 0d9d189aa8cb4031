package io.orderflow.sales;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of the Standard Webhooks scheme (standardwebhooks.com), so that any receiver's library verifies what the
 * application sends and deduplicates it: headers {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature} ({@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}), the key being the bytes of the
 * secret {@code whsec_<base64>}.
 */
public final class WebhookSignatures {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1,";

    private final byte[] key;

    /** @param secret {@code whsec_} and the base64 of 24 to 64 random bytes (the prefix may be left out) */
    public WebhookSignatures(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("The webhook secret is missing");
        }
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            this.key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The webhook secret is not " + SECRET_PREFIX + " and base64");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalStateException("The webhook secret must hold 24 to 64 bytes, not " + key.length);
        }
    }

    /** The three headers of a message sent at {@code at}. */
    public Map<String, String> headers(String id, Instant at, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id);
        headers.put(TIMESTAMP, Long.toString(at.getEpochSecond()));
        headers.put(SIGNATURE, sign(id, at.getEpochSecond(), body));
        return headers;
    }

    public String sign(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Whether one of the space-separated signatures in {@code signatures} is this message's, and its timestamp within
     * {@code tolerance} of {@code now}: what a receiver checks (the sandbox's sales system does).
     */
    public boolean verify(String id, String timestamp, String signatures, String body, Instant now, Duration tolerance) {
        if (id == null || timestamp == null || signatures == null || body == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = sign(id, seconds, body).getBytes(StandardCharsets.UTF_8);
        for (String signature : signatures.trim().split(" +")) {
            if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
}
