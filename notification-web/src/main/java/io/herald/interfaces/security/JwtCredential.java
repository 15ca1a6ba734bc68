package io.herald.interfaces.security;

import jakarta.security.enterprise.credential.Credential;

/** A bearer token in JWT form, to be checked by {@link JwtIdentityStore}. */
public record JwtCredential(String token) implements Credential {

    /** Compact JWS: three base64url parts; API keys ({@code hk_...}) never look like this. */
    static boolean looksLikeJwt(String token) {
        return token.startsWith("ey") && token.chars().filter(c -> c == '.').count() == 2;
    }

    @Override
    public String toString() {
        return "JwtCredential[withheld]";
    }
}
