package io.herald.interfaces.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /health/ready}: the JMS broker accepts a connection. */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck extends CachedReadinessCheck {

    @Resource(lookup = "jms/notification/ConnectionFactory")
    private ConnectionFactory connectionFactory;


    @Override
    protected HealthCheckResponse probe() {
        try (JMSContext context = connectionFactory.createContext()) {
            context.createBrowser(context.createQueue("NotificationEmailQueue")).close();
            return HealthCheckResponse.up("broker");
        } catch (Exception e) {
            return HealthCheckResponse.named("broker").down().build();
        }
    }
}
