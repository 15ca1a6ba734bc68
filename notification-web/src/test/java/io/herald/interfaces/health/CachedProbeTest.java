package io.herald.interfaces.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedProbeTest {

    @Test
    void aFreshResultIsReusedInsteadOfProbingAgain() {
        AtomicInteger probes = new AtomicInteger();
        CachedProbe<String> cache = new CachedProbe<>(Duration.ofHours(1));
        for (int i = 0; i < 100; i++) {
            assertEquals("UP#1", cache.get(() -> "UP#" + probes.incrementAndGet()));
        }
        assertEquals(1, probes.get());
    }

    @Test
    void anExpiredResultIsProbedAgain() {
        AtomicInteger probes = new AtomicInteger();
        CachedProbe<String> cache = new CachedProbe<>(Duration.ZERO);
        cache.get(() -> "r" + probes.incrementAndGet());
        assertEquals("r2", cache.get(() -> "r" + probes.incrementAndGet()));
        assertEquals(2, probes.get());
    }
}
