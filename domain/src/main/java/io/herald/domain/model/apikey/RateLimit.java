package io.herald.domain.model.apikey;

/**
 * A token bucket: up to {@code burst} requests at once, refilled at {@code perSecond} requests
 * per second. An API key either has its own or gets the server's default.
 */
public record RateLimit(int perSecond, int burst) {

    public static final int MAX = 100_000;

    public RateLimit {
        if (perSecond < 1 || perSecond > MAX) {
            throw new IllegalArgumentException("per_second must be between 1 and " + MAX);
        }
        if (burst < 1 || burst > MAX) {
            throw new IllegalArgumentException("burst must be between 1 and " + MAX);
        }
    }

    /** Seconds an empty bucket needs to fill up again. */
    public long secondsToRefill() {
        return (burst + perSecond - 1) / perSecond;
    }
}
