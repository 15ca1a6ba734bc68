package io.herald.interfaces.rest;

import io.herald.infrastructure.ratelimit.RateLimiter;
import io.herald.interfaces.security.BearerAuthenticationMechanism;
import io.herald.interfaces.security.HeraldPrincipal;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/**
 * Applies the caller's rate limit to every authenticated API request: over the limit it answers
 * {@code 429} problem+json with {@code Retry-After}; every answer carries
 * {@code RateLimit-Limit} (bucket size), {@code RateLimit-Remaining} and {@code RateLimit-Reset}
 * (seconds until the bucket is full again). Runs before authorisation, so a caller cannot spend
 * more than its budget probing for 403s either.
 */
@Provider
@Priority(Priorities.AUTHORIZATION - 100)
public class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    @Inject
    private RateLimiter limiter;

    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!limiter.enabled() || !(servletRequest.getAttribute(BearerAuthenticationMechanism.CALLER)
                instanceof HeraldPrincipal caller)) {
            return;
        }
        RateLimiter.Decision decision = limiter.tryConsume(caller.getName(), caller.rateLimit());
        request.setProperty(DECISION, decision);
        if (!decision.allowed()) {
            request.abortWith(Problem.of(429, "rate-limited", "Too many requests",
                            "this API key may send " + decision.limit() + " requests at once, then "
                                    + limiter.effective(caller.rateLimit()).perSecond() + " per second")
                    .toResponseBuilder().header("Retry-After", decision.retryAfterSeconds()).build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimiter.Decision d) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            headers.putSingle("RateLimit-Limit", d.limit());
            headers.putSingle("RateLimit-Remaining", d.remaining());
            headers.putSingle("RateLimit-Reset", d.allowed() ? d.resetSeconds() : d.retryAfterSeconds());
        }
    }
}
