package io.orderflow.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} handling of the checkout API: a request is remembered by its key and the fingerprint of
 * its body; the same key with the same body finds the same resource, with another body it is refused. Also makes the
 * random business codes the API hands out.
 */
@Component
public class Idempotency {

    private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    Idempotency(ObjectMapper json) {
        this.json = json;
    }

    public String fingerprint(Object request) {
        try {
            byte[] canonical = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint the request", e);
        }
    }

    /** Checks that a replayed key comes with the request it was first used for. */
    public void checkReplay(String idempotencyKey, String storedFingerprint, String fingerprint) {
        if (!storedFingerprint.equals(fingerprint)) {
            throw new ApiException(HttpStatus.CONFLICT, "idempotency-key-reused", "Idempotency key already used",
                    "The Idempotency-Key '" + idempotencyKey + "' was used for a different request.",
                    List.of(new Problems.FieldError("Idempotency-Key", "was used for a different request")));
        }
    }

    public static void checkKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw ApiException.badRequest("Idempotency-Key", "must be 1 to 200 characters");
        }
    }

    /** A code such as {@code Q-7KD2M9QX}: unambiguous characters, hard to guess. */
    public String newCode(String prefix, int length) {
        char[] code = new char[length];
        for (int i = 0; i < length; i++) {
            code[i] = CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)];
        }
        return prefix + new String(code);
    }
}
