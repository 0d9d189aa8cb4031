package io.orderflow.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The secret buyers' links are signed with. Production sets {@code secret} (the same on every node); the sandbox names
 * a file instead, where a secret generated on its first start is kept, so links in mails outlive restarts.
 *
 * @param secret              the signing secret ({@code ORDERFLOW_LINKS_SECRET})
 * @param generatedSecretFile where a generated secret is kept when none is set (sandbox only)
 */
@ConfigurationProperties(prefix = "orderflow.links")
public record LinkProperties(String secret, Path generatedSecretFile) {

    /** The secret set, else the one kept in the file (generated on first use); without either the start fails. */
    byte[] secretBytes() {
        if (secret != null && !secret.isBlank()) {
            return secret.getBytes(StandardCharsets.UTF_8);
        }
        if (generatedSecretFile == null) {
            throw new IllegalStateException("orderflow.links.secret (ORDERFLOW_LINKS_SECRET) is not set: buyers' links"
                    + " cannot be signed. Set it to a long random value, the same on every node.");
        }
        try {
            return readOrGenerate(generatedSecretFile).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the links secret file " + generatedSecretFile, e);
        }
    }

    private static String readOrGenerate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            // written aside and moved in, so a reader never sees half a secret and nobody else can read it
            Path written = Files.createTempFile(directory, ".links", ".secret",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(written, generated);
            try {
                Files.move(written, file);
            } catch (FileAlreadyExistsException anotherStartWasFirst) {
                Files.delete(written);
            }
        }
        String kept = Files.readString(file).strip();
        if (kept.isEmpty()) {
            throw new IllegalStateException("The links secret file " + file + " is empty; delete it to generate a new one");
        }
        return kept;
    }
}
