package io.herald.infrastructure.ratelimit;

import io.herald.infrastructure.logging.Log;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.herald.domain.model.apikey.RateLimit;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Per-caller token buckets (Bucket4j). Each caller (API key prefix or JWT subject) has a
 * bucket of {@code burst} tokens refilled at {@code per_second}; a request takes one. Bucket
 * states live in a JCache cache, the Hazelcast data grid on Payara, so the limit holds across
 * all instances of a cluster. Without a JCache provider it falls back to per-instance buckets
 * and says so once in the log.
 *
 * <p>Configuration (MicroProfile Config): {@code herald.rate-limit.enabled} (true),
 * {@code herald.rate-limit.default.per-second} (500), {@code herald.rate-limit.default.burst}
 * (1000), {@code herald.rate-limit.cache-manager} (JNDI name of the JCache
 * {@code CacheManager}, {@code payara/CacheManager}).
 *
 * <p>Failed authentications are limited per client address in the same store, whether or not
 * request rate limits are on: {@code herald.auth.failure-limit.burst} (20) failures at once,
 * then {@code herald.auth.failure-limit.per-minute} (10); {@code herald.auth.failure-limit.enabled}
 * (true).
 */
@ApplicationScoped
public class RateLimiter {

    static final String CACHE = "herald-rate-limits";
    private static final Log LOG = Log.of(RateLimiter.class);

    @Inject
    @ConfigProperty(name = "herald.rate-limit.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "herald.rate-limit.default.per-second", defaultValue = "500")
    int defaultPerSecond;

    @Inject
    @ConfigProperty(name = "herald.rate-limit.default.burst", defaultValue = "1000")
    int defaultBurst;

    @Inject
    @ConfigProperty(name = "herald.rate-limit.cache-manager", defaultValue = "payara/CacheManager")
    String cacheManagerName;

    @Inject
    @ConfigProperty(name = "herald.auth.failure-limit.enabled", defaultValue = "true")
    boolean failureLimitEnabled;

    @Inject
    @ConfigProperty(name = "herald.auth.failure-limit.burst", defaultValue = "20")
    int failureBurst;

    @Inject
    @ConfigProperty(name = "herald.auth.failure-limit.per-minute", defaultValue = "10")
    int failuresPerMinute;

    private static final int MAX_PROXIES = 10_000;
    private final ConcurrentMap<String, BucketProxy> proxies = new ConcurrentHashMap<>();
    /** Client addresses whose failure bucket is empty, until {@code System.nanoTime()} values. */
    private final ConcurrentMap<String, Long> blockedUntil = new ConcurrentHashMap<>();
    private RateLimit defaultLimit;
    private CompareAndSwapProxyManager buckets;

    public RateLimiter() {
        // for CDI
    }

    /** For unit tests: buckets in the given store. */
    public RateLimiter(BucketStateStore store, RateLimit defaultLimit) {
        this.enabled = true;
        this.defaultLimit = defaultLimit;
        this.buckets = new CompareAndSwapProxyManager(store);
        this.failureLimitEnabled = true;
        this.failureBurst = 20;
        this.failuresPerMinute = 10;
    }

    @PostConstruct
    void start() {
        defaultLimit = new RateLimit(defaultPerSecond, defaultBurst);
        failureBurst = Math.max(1, failureBurst);
        failuresPerMinute = Math.max(1, failuresPerMinute);
        if (enabled || failureLimitEnabled) {
            buckets = new CompareAndSwapProxyManager(store());
        }
    }

    private BucketStateStore store() {
        try {
            CacheManager manager = (CacheManager) new InitialContext().lookup(cacheManagerName);
            Cache<String, byte[]> cache = manager.getCache(CACHE, String.class, byte[].class);
            if (cache == null) {
                try {
                    // a state untouched for longer than the slowest refill (100,000 tokens at 1/s) is a full bucket
                    cache = manager.createCache(CACHE, new MutableConfiguration<String, byte[]>()
                            .setTypes(String.class, byte[].class)
                            .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(
                                    new javax.cache.expiry.Duration(TimeUnit.HOURS, 30))));
                } catch (CacheException createdMeanwhile) {
                    cache = manager.getCache(CACHE, String.class, byte[].class);
                }
            }
            LOG.info(() -> "rate limits are kept in JCache cache " + CACHE + " (" + cacheManagerName + "), cluster-wide");
            return new JCacheBucketStateStore(cache);
        } catch (NamingException | RuntimeException e) {
            LOG.warning(() -> "no JCache CacheManager at " + cacheManagerName + " (" + e.getClass().getSimpleName()
                    + "): rate limits hold per server instance only");
            return new LocalBucketStateStore();
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The limit that applies to a caller: its own, else the default. */
    public RateLimit effective(RateLimit own) {
        return own != null ? own : defaultLimit;
    }

    /** Takes one token from the caller's bucket. */
    public Decision tryConsume(String caller, RateLimit own) {
        RateLimit limit = effective(own);
        // the limit is part of the key: changing a key's limit starts a fresh bucket
        String key = caller + "|" + limit.perSecond() + "/" + limit.burst();
        // batching: concurrent requests of one caller share one read and one compare-and-swap
        BucketProxy bucket = bucket(key, limit.burst(), limit.perSecond(), Duration.ofSeconds(1), true);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), limit.burst(), probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), seconds(probe.getNanosToWaitForRefill()));
    }

    /**
     * Seconds until a client address may try to authenticate again after too many failures; 0
     * if it may now. Asked before every check of a credential, so it reads only what this
     * instance remembered when a failure emptied the address's (shared) bucket: no remote read
     * on the way of valid callers. Another instance's failures block here at this instance's
     * next failure from that address, whose charge then finds the shared bucket empty.
     */
    public long authenticationBlockedSeconds(String clientAddress) {
        if (!failureLimitEnabled) {
            return 0;
        }
        Long until = blockedUntil.get(clientAddress);
        if (until == null) {
            return 0;
        }
        long wait = until - System.nanoTime();
        if (wait <= 0) {
            blockedUntil.remove(clientAddress, until);
            return 0;
        }
        return seconds(wait);
    }

    /** Counts a failed authentication from a client address; blocks it while its bucket is empty. */
    public void recordAuthenticationFailure(String clientAddress) {
        if (!failureLimitEnabled) {
            return;
        }
        BucketProxy bucket = failures(clientAddress);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long wait = !probe.isConsumed() ? probe.getNanosToWaitForRefill()
                : probe.getRemainingTokens() == 0 ? bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill() : 0;
        if (wait > 0) {
            if (blockedUntil.size() >= MAX_PROXIES) {
                blockedUntil.clear(); // the shared buckets stay empty: each address is blocked again at its next failure
            }
            blockedUntil.put(clientAddress, System.nanoTime() + wait);
        }
    }

    private BucketProxy failures(String clientAddress) {
        return bucket("auth-failures|" + clientAddress + "|" + failureBurst + "/" + failuresPerMinute + "m",
                failureBurst, failuresPerMinute, Duration.ofMinutes(1), false);
    }

    private BucketProxy bucket(String key, long capacity, long refill, Duration period, boolean batching) {
        BucketProxy bucket = proxies.get(key);
        if (bucket != null) {
            return bucket;
        }
        if (proxies.size() >= MAX_PROXIES) {
            proxies.clear(); // proxies hold no state of their own: the store keeps the buckets
        }
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(refill, period).build())
                .build();
        return proxies.computeIfAbsent(key, k -> (batching
                ? buckets.builder().withOptimization(Optimizations.batching())
                : buckets.builder()).build(k, () -> config));
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }

    /**
     * The outcome of one request against its bucket: whether it may go on, the bucket size, the
     * tokens left, seconds until the bucket is full again, and seconds until the next token.
     */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }
}
