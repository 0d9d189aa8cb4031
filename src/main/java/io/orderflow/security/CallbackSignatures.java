package io.orderflow.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.orderflow.web.ApiException;
import io.orderflow.web.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Signatures of Reltio's callbacks: {@code X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, accepted
 * within ±5 minutes of our clock, compared in constant time.
 */
@Component
public class CallbackSignatures {

    public static final String HEADER = "X-Signature";
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final SecretKeySpec key;

    public CallbackSignatures(@Value("${orderflow.reltio.callback-secret}") String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("orderflow.reltio.callback-secret must be set");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String sign(String body, Instant at) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t + "." + body));
    }

    /** Returns when the callback was signed, or refuses it with 401. */
    public Instant verify(String header, String body, Instant now) {
        if (header == null || header.isBlank()) {
            throw unauthorized("missing");
        }
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                try {
                    t = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    throw unauthorized("has an unreadable timestamp");
                }
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                v1 = pair[1];
            }
        }
        if (t == null || v1 == null) {
            throw unauthorized("must be t=<unix seconds>,v1=<hex HMAC-SHA256>");
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(v1);
        } catch (IllegalArgumentException e) {
            throw unauthorized("is not hexadecimal");
        }
        if (!MessageDigest.isEqual(mac(t + "." + body), presented)) {
            throw unauthorized("does not match the body");
        }
        // compared as seconds: a timestamp far outside what an Instant holds is just outside the window
        if (Math.abs((double) t - now.getEpochSecond()) > WINDOW.toSeconds()) {
            throw unauthorized("timestamp is outside the accepted window of ±5 minutes");
        }
        return Instant.ofEpochSecond(t);
    }

    private static ApiException unauthorized(String why) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "callback-signature", "Callback signature refused",
                "The " + HEADER + " header " + why + ".", List.of(new Problems.FieldError(HEADER, why)));
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
