package io.herald.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs test JWTs (RS256) with the test-only keys in {@code src/test/resources/jwt}, the way an
 * identity provider would.
 */
final class Jwts {

    static final String ISSUER = "herald-it-idp";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {
    }

    /** A token with the given claims JSON, signed by the trusted key or by a stranger's. */
    static String sign(String claimsJson, boolean trustedKey) {
        return sign("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claimsJson, trustedKey ? "private.pem" : "other-private.pem");
    }

    static String sign(String headerJson, String claimsJson, String keyFile) {
        String input = B64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key(keyFile));
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims for a caller with the given groups, expiring {@code expiresIn} seconds from now. */
    static String claims(String issuer, String subject, String groupsJson, long expiresIn) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"groups\":" + groupsJson
                + ",\"iat\":" + now + ",\"exp\":" + (now + expiresIn) + "}";
    }

    private static PrivateKey key(String file) throws GeneralSecurityException {
        try (InputStream in = Jwts.class.getResourceAsStream("/jwt/" + file)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
