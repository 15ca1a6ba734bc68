package io.herald.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CORS, off unless configured: {@code herald.cors.allowed-origins} is a comma-separated list of
 * exact origins (e.g. {@code https://console.example.com}) whose browser pages may call the
 * API with a bearer token. Other origins get no CORS headers, so browsers refuse them. Answers
 * preflight requests itself (they carry no credentials, so authentication lets them through),
 * with an empty 204 for origins that are not allowed.
 */
@Provider
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String EXPOSED = "Location, X-Correlation-ID, Retry-After, RateLimit-Limit, "
            + "RateLimit-Remaining, RateLimit-Reset";

    @Inject
    @ConfigProperty(name = "herald.cors.allowed-origins")
    Optional<String> allowedOrigins;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPreflight(request)) {
            Response.ResponseBuilder answer = Response.noContent();
            String origin = request.getHeaderString("Origin");
            if (allowed(origin)) {
                answer.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin")
                        .header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
                        .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, X-Correlation-ID")
                        .header("Access-Control-Max-Age", "600");
            }
            request.abortWith(answer.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        if (!isPreflight(request) && allowed(origin)) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.add("Vary", "Origin");
            headers.putSingle("Access-Control-Expose-Headers", EXPOSED);
        }
    }

    /** A browser's CORS preflight: OPTIONS with an Origin and the method it intends to use. */
    public static boolean isPreflight(String method, String origin, String requestedMethod) {
        return "OPTIONS".equals(method) && origin != null && requestedMethod != null;
    }

    private static boolean isPreflight(ContainerRequestContext request) {
        return isPreflight(request.getMethod(), request.getHeaderString("Origin"),
                request.getHeaderString("Access-Control-Request-Method"));
    }

    private boolean allowed(String origin) {
        return origin != null && allowedOrigins
                .map(list -> Arrays.stream(list.split(",")).anyMatch(o -> o.strip().equals(origin))).orElse(false);
    }
}
