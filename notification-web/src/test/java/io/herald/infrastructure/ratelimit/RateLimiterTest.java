package io.herald.infrastructure.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.apikey.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final RateLimit DEFAULT = new RateLimit(1, 5);

    @Test
    void allowsTheBurstThenRejectsWithTheWaitForTheNextToken() {
        RateLimiter limiter = new RateLimiter(new LocalBucketStateStore(), DEFAULT);
        for (int i = 0; i < 5; i++) {
            RateLimiter.Decision d = limiter.tryConsume("hk_a", null);
            assertTrue(d.allowed(), "request " + i);
            assertEquals(5, d.limit());
            assertEquals(4 - i, d.remaining());
        }
        RateLimiter.Decision rejected = limiter.tryConsume("hk_a", null);
        assertFalse(rejected.allowed());
        assertEquals(0, rejected.remaining());
        assertEquals(1, rejected.retryAfterSeconds());
        assertTrue(rejected.resetSeconds() >= 1 && rejected.resetSeconds() <= 5, "reset " + rejected.resetSeconds());
    }

    @Test
    void callersHaveTheirOwnBucketsAndTheirOwnLimits() {
        RateLimiter limiter = new RateLimiter(new LocalBucketStateStore(), DEFAULT);
        for (int i = 0; i < 5; i++) {
            limiter.tryConsume("hk_a", null);
        }
        assertFalse(limiter.tryConsume("hk_a", null).allowed());
        assertTrue(limiter.tryConsume("hk_b", null).allowed());
        RateLimiter.Decision own = limiter.tryConsume("hk_a", new RateLimit(10, 50));
        assertTrue(own.allowed(), "a changed limit starts a fresh bucket");
        assertEquals(50, own.limit());
    }

    @Test
    void instancesSharingAStoreShareTheBucket() {
        BucketStateStore grid = new LocalBucketStateStore();
        RateLimiter one = new RateLimiter(grid, DEFAULT);
        RateLimiter two = new RateLimiter(grid, DEFAULT);
        for (int i = 0; i < 5; i++) {
            assertTrue((i % 2 == 0 ? one : two).tryConsume("hk_a", null).allowed());
        }
        assertFalse(one.tryConsume("hk_a", null).allowed());
        assertFalse(two.tryConsume("hk_a", null).allowed());
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheBucketHolds() throws Exception {
        RateLimiter limiter = new RateLimiter(new LocalBucketStateStore(), new RateLimit(1, 100));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long started = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            results.add(pool.submit(() -> {
                int allowed = 0;
                for (int i = 0; i < 200; i++) {
                    if (limiter.tryConsume("hk_hot", null).allowed()) {
                        allowed++;
                    }
                }
                return allowed;
            }));
        }
        int allowed = 0;
        for (Future<Integer> f : results) {
            allowed += f.get(30, TimeUnit.SECONDS);
        }
        long refilled = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;
        pool.shutdown();
        assertTrue(allowed >= 100 && allowed <= 100 + refilled, "allowed " + allowed + " of 1600");
    }

    @Test
    void failedAuthenticationsAreLimitedPerClientAddressAndCheckingTakesNothing() {
        RateLimiter limiter = new RateLimiter(new LocalBucketStateStore(), DEFAULT);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, limiter.authenticationBlockedSeconds("10.0.0.1"), "failure " + i);
            assertEquals(0, limiter.authenticationBlockedSeconds("10.0.0.1"), "asking twice takes nothing");
            limiter.recordAuthenticationFailure("10.0.0.1");
        }
        long wait = limiter.authenticationBlockedSeconds("10.0.0.1");
        assertTrue(wait >= 1 && wait <= 6, "10 per minute: the next attempt in at most 6 s, was " + wait);
        assertEquals(0, limiter.authenticationBlockedSeconds("10.0.0.2"), "another address is not blocked");
        assertTrue(limiter.tryConsume("10.0.0.1", null).allowed(), "request buckets are separate");
    }

    @Test
    void failuresOnOneInstanceBlockAnotherAtItsFirstFailureFromThatAddress() {
        BucketStateStore grid = new LocalBucketStateStore();
        RateLimiter one = new RateLimiter(grid, DEFAULT);
        RateLimiter two = new RateLimiter(grid, DEFAULT);
        for (int i = 0; i < 20; i++) {
            one.recordAuthenticationFailure("10.0.0.9");
        }
        assertTrue(one.authenticationBlockedSeconds("10.0.0.9") >= 1);
        assertEquals(0, two.authenticationBlockedSeconds("10.0.0.9"), "two has not seen a failure yet");
        two.recordAuthenticationFailure("10.0.0.9");
        assertTrue(two.authenticationBlockedSeconds("10.0.0.9") >= 1, "the shared bucket was already empty");
    }
}
