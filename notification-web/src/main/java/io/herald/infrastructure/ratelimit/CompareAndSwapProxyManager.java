package io.herald.infrastructure.ratelimit;

import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's optimistic (compare-and-swap) distributed proxy over a {@link BucketStateStore}.
 * Bucket4j keeps the token-bucket arithmetic and the state encoding; the store only keeps
 * bytes. Chosen over Bucket4j's JCache module, whose entry processors Payara's Hazelcast cannot
 * deserialise from application classes (ADR 0006).
 */
public class CompareAndSwapProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {

    private final BucketStateStore store;

    public CompareAndSwapProxyManager(BucketStateStore store) {
        super(ClientSideConfig.getDefault().withMaxRetries(64));
        this.store = store;
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return store.get(key);
            }

            @Override
            public boolean compareAndSwap(byte[] original, byte[] updated, RemoteBucketState newState,
                                          Optional<Long> timeoutNanos) {
                return original == null ? store.putIfAbsent(key, updated) : store.replace(key, original, updated);
            }
        };
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("rate limiting is synchronous");
    }

    @Override
    public void removeProxy(String key) {
        throw new UnsupportedOperationException("bucket states expire from the store");
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        throw new UnsupportedOperationException("bucket states expire from the store");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }
}
