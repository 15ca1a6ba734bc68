package io.herald.interfaces.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import javax.sql.DataSource;
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
public class DatabaseReadinessCheck extends CachedReadinessCheck {

    @Resource(lookup = "jdbc/notification")
    private DataSource dataSource;


    @Override
    protected HealthCheckResponse probe() {
        try (Connection c = dataSource.getConnection()) {
            return HealthCheckResponse.named("database").status(c.isValid(2)).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("database").down().build();
        }
    }
}
