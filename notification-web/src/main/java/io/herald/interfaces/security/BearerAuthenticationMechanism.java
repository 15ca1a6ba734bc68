package io.herald.interfaces.security;

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
 * in with its scopes as groups; a presented but invalid key is answered 401 at once (the same answer whether the key
 * is unknown, wrong or revoked). A call under {@code /api/} without a key is answered 401 too,
 * and so are {@code /metrics} and {@code /openapi} (served by Payara in this root-context
 * application) unless {@code herald.telemetry.public=true}; any valid key may read them.
 * Which scope an operation needs is declared with {@code @RolesAllowed} on the resources; a key
 * without it gets 403.
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Request attribute holding the authenticated {@link HeraldPrincipal}. */
    public static final String CALLER = "io.herald.caller";

    @Inject
    private IdentityStoreHandler identityStores;

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
            // /api always requires a key, /metrics and /openapi unless configured public; /health is public
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.startsWith("/api/") || (!publicTelemetry && (isUnder(path, "/metrics") || isUnder(path, "/openapi")))) {
                return unauthorized(response);
            }
            return context.doNothing();
        }
        String token = header.substring(7).strip();
        CredentialValidationResult result = identityStores.validate(
                JwtCredential.looksLikeJwt(token) ? new JwtCredential(token) : new ApiKeyCredential(token));
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            // the container may hand resources a wrapper of the principal: keep the original for the rate limiter
            request.setAttribute(CALLER, result.getCallerPrincipal());
            return context.notifyContainerAboutLogin(result.getCallerPrincipal(), result.getCallerGroups());
        }
        return unauthorized(response);
    }

    private static boolean isUnder(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    private static AuthenticationStatus unauthorized(HttpServletResponse response) {
        try {
            Unauthorized.write(response);
        } catch (IOException e) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
