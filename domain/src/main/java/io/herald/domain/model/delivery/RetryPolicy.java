package io.herald.domain.model.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try a transiently failed delivery again: exponential backoff of
 * {@code base × 2^(attempt-1)} with ±20 % jitter, capped, for at most {@code maxAttempts}
 * attempts in all. The delay is realised as a JMS delivery delay on a re-sent message, never
 * by sleeping on a consumer thread.
 */
public final class RetryPolicy {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_BASE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(600);

    private final int maxAttempts;
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    public RetryPolicy(int maxAttempts, Duration base, Duration cap, DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap");
        }
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The longest delay this policy ever asks for; also the most a provider's Retry-After is honoured. */
    public Duration cap() {
        return cap;
    }

    /** Whether another attempt may follow the given (1-based) failed attempt. */
    public boolean allowsAnotherAfter(int failedAttempt) {
        return failedAttempt < maxAttempts;
    }

    /** Delay before the attempt that follows the given (1-based) failed attempt. */
    public Duration delayAfter(int failedAttempt) {
        int exponent = Math.max(0, Math.min(failedAttempt - 1, 30));
        double millis = Math.min((double) cap.toMillis(), base.toMillis() * Math.pow(2, exponent));
        double jitter = 0.8 + 0.4 * random.getAsDouble();
        return Duration.ofMillis((long) Math.min(cap.toMillis(), millis * jitter));
    }
}
