package io.herald.interfaces.health;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: PostgreSQL answers within two seconds.
 *
 * <p>The readiness checks carry MicroProfile {@code @Timeout}. Besides bounding the probes, that
 * is what switches Fault Tolerance on for the whole EAR: Payara enables it for an application
 * only when a web module (or EAR library) uses its annotations, and the mail gateway lives in
 * an EJB module (ADR 0004; guarded by DeliveryFailuresIT, which counts in-call retries).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    @Resource(lookup = "jdbc/notification")
    private DataSource dataSource;

    @Inject
    @ConfigProperty(name = "herald.health.cache-seconds", defaultValue = "5")
    long cacheSeconds;

    private CachedProbe<HealthCheckResponse> cache;

    @PostConstruct
    void init() {
        cache = new CachedProbe<>(Duration.ofSeconds(Math.max(0, cacheSeconds)));
    }

    /** Bounded: a probe that hangs (e.g. waiting for a pool connection) reports DOWN after 3 s. */
    @Override
    @Timeout(3000)
    public HealthCheckResponse call() {
        return cache.get(this::probe);
    }

    private HealthCheckResponse probe() {
        try (Connection c = dataSource.getConnection()) {
            return HealthCheckResponse.named("database").status(c.isValid(2)).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("database").down().build();
        }
    }
}
