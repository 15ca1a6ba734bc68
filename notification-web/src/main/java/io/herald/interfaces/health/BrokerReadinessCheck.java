package io.herald.interfaces.health;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /health/ready}: the JMS broker accepts a connection. */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements HealthCheck {

    @Resource(lookup = "jms/notification/ConnectionFactory")
    private ConnectionFactory connectionFactory;

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
        try (JMSContext context = connectionFactory.createContext()) {
            context.createBrowser(context.createQueue("NotificationEmailQueue")).close();
            return HealthCheckResponse.up("broker");
        } catch (Exception e) {
            return HealthCheckResponse.named("broker").down().build();
        }
    }
}
