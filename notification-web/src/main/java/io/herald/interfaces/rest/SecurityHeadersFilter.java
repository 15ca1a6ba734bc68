package io.herald.interfaces.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.function.BiConsumer;

/**
 * Hardening headers on every API response: nothing is sniffed, framed, cached or referred.
 * CORS headers are {@link CorsFilter}'s business: none unless origins are configured. The
 * unsubscribe pages, served outside JAX-RS, send the same headers with their own
 * Content-Security-Policy ({@link #apply}).
 */
@Provider
public class SecurityHeadersFilter implements ContainerResponseFilter {

    /** The API's policy: a JSON answer loads nothing and is framed nowhere. */
    public static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        apply(request.getSecurityContext() != null && request.getSecurityContext().isSecure(), API_CONTENT_SECURITY_POLICY,
                headers::putSingle);
    }

    /**
     * The hardening headers with the given Content-Security-Policy, and
     * {@code Strict-Transport-Security} when the request came over TLS.
     */
    public static void apply(boolean secure, String contentSecurityPolicy, BiConsumer<String, String> header) {
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("X-Frame-Options", "DENY");
        header.accept("Content-Security-Policy", contentSecurityPolicy);
        header.accept("Referrer-Policy", "no-referrer");
        header.accept("Cache-Control", "no-store");
        if (secure) {
            header.accept("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
