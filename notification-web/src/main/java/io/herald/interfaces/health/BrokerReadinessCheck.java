package io.herald.interfaces.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
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

    /** Bounded: a probe that hangs (e.g. waiting for a pool connection) reports DOWN after 3 s. */
    @Override
    @Timeout(3000)
    public HealthCheckResponse call() {
        try (JMSContext context = connectionFactory.createContext()) {
            context.createBrowser(context.createQueue("NotificationEmailQueue")).close();
            return HealthCheckResponse.up("broker");
        } catch (Exception e) {
            return HealthCheckResponse.named("broker").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
