package io.herald.interfaces.security;

import io.herald.application.ApiKeyService;
import io.herald.domain.model.apikey.Scope;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.stream.Collectors;

/**
 * Validates API keys: the caller is the key's visible prefix, its groups are its scopes
 * ({@code send}, {@code read}, {@code admin}, {@code users}), which map to the roles of the same names.
 */
@ApplicationScoped
public class ApiKeyIdentityStore implements IdentityStore {

    @EJB
    private ApiKeyService keys;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof ApiKeyCredential apiKey)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return keys.authenticate(apiKey.token())
                .map(a -> new CredentialValidationResult(new HeraldPrincipal(a.prefix(), a.rateLimit()),
                        a.scopes().stream().map(Scope::role).collect(Collectors.toSet())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
