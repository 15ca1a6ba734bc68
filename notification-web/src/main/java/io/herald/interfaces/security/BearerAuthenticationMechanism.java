package io.herald.interfaces.security;

import io.herald.domain.model.apikey.ApiKey;
import io.herald.infrastructure.ratelimit.RateLimiter;
import io.herald.interfaces.rest.CorsFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code Authorization: Bearer <api key>} or {@code Bearer <JWT>} (checked by
 * {@link ApiKeyIdentityStore} or {@link JwtIdentityStore}). A valid key or token logs the caller
 * in with its scopes as groups; a presented but invalid key is answered 401 at once (the same
 * answer whether the key is unknown, wrong or revoked).
 *
 * <p>Deny by default: without a credential only the canonical {@code /health/live},
 * {@code /health/ready}, {@code /unsubscribe/<token>} and {@code /api/v1/webhooks/ses} (SNS-signed) answer (and {@code /metrics},
 * {@code /openapi} when {@code herald.telemetry.public=true}); every other path, including other
 * spellings of those ({@link RequestPaths}), is 401. Which scope an operation needs is declared with
 * {@code @RolesAllowed} on the resources; a key without it gets 403.
 *
 * <p>Failed authentications are limited per client address ({@link RateLimiter}): once over
 * the limit, presented credentials are answered 429 with {@code Retry-After} without being
 * checked. A credential that cannot be a key or a JWT by its format is refused without a
 * database lookup.
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Request attribute holding the authenticated {@link HeraldPrincipal}. */
    public static final String CALLER = "io.herald.caller";

    @Inject
    private IdentityStoreHandler identityStores;

    @Inject
    private RateLimiter limiter;

    /** {@code herald.telemetry.public}: whether /metrics and /openapi answer without a key. */
    @Inject
    @ConfigProperty(name = "herald.telemetry.public", defaultValue = "false")
    boolean publicTelemetry;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (CorsFilter.isPreflight(request.getMethod(), request.getHeader("Origin"),
                request.getHeader("Access-Control-Request-Method"))) {
            return context.doNothing(); // carries no credentials; CorsFilter answers it and nothing else runs
        }
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return RequestPaths.isOpen(path, publicTelemetry) ? context.doNothing() : unauthorized(response);
        }
        String client = request.getRemoteAddr();
        long blocked = limiter.authenticationBlockedSeconds(client);
        if (blocked > 0) {
            return tooManyFailures(response, blocked);
        }
        String token = header.substring(7).strip();
        CredentialValidationResult result;
        if (JwtCredential.looksLikeJwt(token)) {
            result = identityStores.validate(new JwtCredential(token));
        } else if (ApiKey.hasValidFormat(token)) {
            result = identityStores.validate(new ApiKeyCredential(token));
        } else {
            result = CredentialValidationResult.INVALID_RESULT;
        }
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            // the container may hand resources a wrapper of the principal: keep the original for the rate limiter
            request.setAttribute(CALLER, result.getCallerPrincipal());
            return context.notifyContainerAboutLogin(result.getCallerPrincipal(), result.getCallerGroups());
        }
        limiter.recordAuthenticationFailure(client);
        return unauthorized(response);
    }

    private static AuthenticationStatus unauthorized(HttpServletResponse response) {
        try {
            Unauthorized.write(response);
        } catch (IOException e) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static AuthenticationStatus tooManyFailures(HttpServletResponse response, long retryAfterSeconds) {
        try {
            Unauthorized.writeTooManyFailures(response, retryAfterSeconds);
        } catch (IOException e) {
            response.setStatus(429);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
