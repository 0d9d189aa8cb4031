package io.orderflow.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    /** The reference example of the Standard Webhooks specification, which its libraries are tested with. */
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final String BODY = "{\"test\": 2432232314}";
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    final WebhookSignatures signatures = new WebhookSignatures(SECRET);

    @Test
    void signsTheSpecificationsReferenceExample() {
        assertThat(signatures.sign(ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThat(signatures.headers(ID, Instant.ofEpochSecond(TIMESTAMP), BODY)).containsExactly(
                java.util.Map.entry("webhook-id", ID), java.util.Map.entry("webhook-timestamp", "1614265330"),
                java.util.Map.entry("webhook-signature", SIGNATURE));
    }

    @Test
    void aReceiverComputingTheSchemeItselfAgreesOnAnyMessage() throws Exception {
        String body = "{\"specversion\":\"1.0\",\"type\":\"orderflow.quote.offered\",\"subject\":\"Q-2026-0042\",\"data\":{\"é\":\"€\"}}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        String theirs = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal(("evt-1.1700000000." + body).getBytes(StandardCharsets.UTF_8)));

        assertThat(signatures.sign("evt-1", 1700000000, body)).isEqualTo(theirs);
    }

    @Test
    void verificationTakesOneOfSeveralSignaturesAndRefusesTamperingAndStaleTimestamps() {
        Instant sent = Instant.ofEpochSecond(TIMESTAMP);
        Duration fiveMinutes = Duration.ofMinutes(5);

        assertThat(signatures.verify(ID, "1614265330", "v1,bm90IHRoaXM= " + SIGNATURE, BODY, sent.plusSeconds(299),
                fiveMinutes)).isTrue();
        assertThat(signatures.verify(ID, "1614265330", SIGNATURE, BODY.replace('2', '3'), sent, fiveMinutes)).isFalse();
        assertThat(signatures.verify("msg_other", "1614265330", SIGNATURE, BODY, sent, fiveMinutes)).isFalse();
        assertThat(signatures.verify(ID, "1614265330", SIGNATURE, BODY, sent.plusSeconds(301), fiveMinutes)).isFalse();
        assertThat(signatures.verify(ID, "yesterday", SIGNATURE, BODY, sent, fiveMinutes)).isFalse();
        assertThat(new WebhookSignatures("whsec_" + Base64.getEncoder().encodeToString(new byte[32]))
                .verify(ID, "1614265330", SIGNATURE, BODY, sent, fiveMinutes)).as("another secret").isFalse();
    }

    @Test
    void aSecretThatIsNotOneIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new WebhookSignatures("whsec_c2hvcnQ=")).hasMessageContaining("24 to 64 bytes")
                .hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> new WebhookSignatures("whsec_not base64!")).hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> new WebhookSignatures(" ")).hasMessageContaining("missing");
    }
}
