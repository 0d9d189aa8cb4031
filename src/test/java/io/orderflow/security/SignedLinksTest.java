package io.orderflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedLinksTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path data;

    @Test
    void aSandboxWithoutSecretKeepsTheGeneratedOneSoLinksSurviveARestart() throws Exception {
        Path file = data.resolve("data/links.secret");
        String token = new SignedLinks(new LinkProperties(null, file)).sign("quote", "Q-1", NOW.plus(Duration.ofDays(1)));

        SignedLinks afterRestart = new SignedLinks(new LinkProperties("", file));

        assertThat(afterRestart.verify("quote", token, NOW)).contains("Q-1");
        assertThat(Files.readString(file).strip()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anotherSandboxDirectoryHasAnotherSecret() {
        String token = new SignedLinks(new LinkProperties(null, data.resolve("a/links.secret")))
                .sign("quote", "Q-1", NOW.plus(Duration.ofDays(1)));

        assertThat(new SignedLinks(new LinkProperties(null, data.resolve("b/links.secret"))).verify("quote", token, NOW))
                .isEmpty();
    }

    @Test
    void aSetSecretWinsAndNothingIsWritten() {
        Path file = data.resolve("links.secret");
        String token = new SignedLinks(new LinkProperties("configured", file)).sign("quote", "Q-1", NOW.plusSeconds(60));

        assertThat(new SignedLinks(new LinkProperties("configured", null)).verify("quote", token, NOW)).contains("Q-1");
        assertThat(file).doesNotExist();
    }

    @Test
    void outsideTheSandboxAMissingSecretRefusesTheStartNamingTheSetting() {
        assertThatThrownBy(() -> new SignedLinks(new LinkProperties(" ", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("orderflow.links.secret")
                .hasMessageContaining("ORDERFLOW_LINKS_SECRET");
    }
}
