package io.herald.interfaces.health;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness check whose probe runs at most once per {@code herald.health.cache-seconds}
 * (default 5; see {@link CachedProbe}) and is bounded: a probe that hangs (e.g. waiting for a
 * pool connection) reports DOWN after 3 s. The answer is open to anyone, so subclasses report a
 * name and a status only: no hosts, ports or error classes.
 */
abstract class CachedReadinessCheck implements HealthCheck {

    @Inject
    @ConfigProperty(name = "herald.health.cache-seconds", defaultValue = "5")
    long cacheSeconds;

    private CachedProbe<HealthCheckResponse> cache;

    @PostConstruct
    void init() {
        cache = new CachedProbe<>(Duration.ofSeconds(Math.max(0, cacheSeconds)));
    }

    @Override
    @Timeout(3000)
    public HealthCheckResponse call() {
        return cache.get(this::probe);
    }

    /** Checks the dependency now. */
    protected abstract HealthCheckResponse probe();
}
