package io.herald.application.delivery;

import io.herald.domain.model.delivery.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The retry policy for emails and callbacks, from MicroProfile Config (README: Configuration). */
@ApplicationScoped
public class RetryPolicies {

    @Inject
    @ConfigProperty(name = "herald.delivery.max-attempts", defaultValue = "5")
    private int maxAttempts;

    @Inject
    @ConfigProperty(name = "herald.delivery.backoff-base-ms", defaultValue = "2000")
    private long backoffBaseMs;

    @Inject
    @ConfigProperty(name = "herald.delivery.backoff-cap-ms", defaultValue = "600000")
    private long backoffCapMs;

    /** Dependent scope: {@link RetryPolicy} is an immutable value, not a proxyable service. */
    @Produces
    RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, Duration.ofMillis(backoffBaseMs), Duration.ofMillis(backoffCapMs),
                () -> ThreadLocalRandom.current().nextDouble());
    }
}
