package io.herald.interfaces.health;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The last result of a readiness probe, reused for a few seconds ({@code herald.health.cache-seconds},
 * default 5): a load balancer or an unauthenticated caller polling {@code /health/ready} cannot
 * make the server open a database, broker or SMTP connection per request. Concurrent callers
 * of an expired result wait for one probe instead of each running their own.
 */
final class CachedProbe<T> {

    private final long ttlNanos;
    private volatile T last;
    private volatile long takenAt;

    CachedProbe(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    T get(Supplier<T> probe) {
        T result = last;
        if (result != null && System.nanoTime() - takenAt < ttlNanos) {
            return result;
        }
        synchronized (this) {
            if (last != null && System.nanoTime() - takenAt < ttlNanos) {
                return last;
            }
            result = probe.get();
            last = result;
            takenAt = System.nanoTime();
            return result;
        }
    }
}
