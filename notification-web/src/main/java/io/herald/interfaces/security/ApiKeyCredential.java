package io.herald.interfaces.security;

import jakarta.security.enterprise.credential.Credential;

/** The bearer token a caller presented, to be checked by {@link ApiKeyIdentityStore}. */
public record ApiKeyCredential(String token) implements Credential {

    @Override
    public String toString() {
        return "ApiKeyCredential[withheld]";
    }
}
