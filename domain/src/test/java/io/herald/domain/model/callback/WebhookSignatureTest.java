package io.herald.domain.model.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSignature.sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    @Test
    void anyChangeChangesTheSignature() {
        String base = WebhookSignature.sign(SECRET, "msg_1", 100, "{}");
        assertNotEquals(base, WebhookSignature.sign(SECRET, "msg_2", 100, "{}"));
        assertNotEquals(base, WebhookSignature.sign(SECRET, "msg_1", 101, "{}"));
        assertNotEquals(base, WebhookSignature.sign(SECRET, "msg_1", 100, "{ }"));
    }

    @Test
    void secretsAreChecked() {
        assertTrue(WebhookSignature.isValidSecret(SECRET));
        assertFalse(WebhookSignature.isValidSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertFalse(WebhookSignature.isValidSecret("whsec_###"));
        assertFalse(WebhookSignature.isValidSecret(null));
    }
}
