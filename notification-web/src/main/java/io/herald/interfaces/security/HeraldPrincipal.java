package io.herald.interfaces.security;

import io.herald.domain.model.apikey.RateLimit;
import jakarta.security.enterprise.CallerPrincipal;

/**
 * An authenticated caller: an API key (named by its visible prefix) or the subject of a JWT.
 * Carries the caller's own rate limit, if it has one, so the rate limiter needs no lookup.
 */
public class HeraldPrincipal extends CallerPrincipal {

    private final transient RateLimit rateLimit;

    public HeraldPrincipal(String name, RateLimit rateLimit) {
        super(name);
        this.rateLimit = rateLimit;
    }

    /** The caller's own limit; {@code null} for the server default. */
    public RateLimit rateLimit() {
        return rateLimit;
    }
}
