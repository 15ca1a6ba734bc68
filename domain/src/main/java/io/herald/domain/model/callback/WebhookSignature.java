package io.herald.domain.model.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callback bodies as the Standard Webhooks specification describes: the
 * {@code webhook-signature} header is {@code v1,} followed by the base64 HMAC-SHA256, keyed
 * with the secret, of {@code <webhook-id>.<webhook-timestamp>.<body>}. Secrets are written
 * {@code whsec_<base64 key>}.
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";

    private WebhookSignature() {
    }

    /** @throws IllegalArgumentException when the secret is not {@code whsec_} + base64 */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        byte[] key = key(secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    public static boolean isValidSecret(String secret) {
        try {
            return key(secret).length >= 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }
}
