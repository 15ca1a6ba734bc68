package io.herald.infrastructure.messaging.jms.consumer;

import java.time.Duration;
import java.util.Optional;

/**
 * When a message whose processing keeps throwing stops being retried (ADR 0002, ADR 0017).
 *
 * <p>The resource adapter redelivers a failing message a few times, half a second apart: a
 * <em>round</em> of {@code afterDeliveries} deliveries. A message that fails a whole round is
 * either poison or caught in a condition that outlasts a few seconds: the database away, or a
 * row still locked by the in-doubt transaction of an instance that died until that instance
 * restarts and resolves it. An unreadable message is poison whatever the cause, so it is
 * dead-lettered at once. A readable one is put back on its queue with a delay that doubles each
 * round ({@code requeueBase}, twice that, ...), {@code requeues} times, and only then
 * dead-lettered.
 */
record PoisonPolicy(int afterDeliveries, int requeues, Duration requeueBase) {

    PoisonPolicy {
        if (afterDeliveries < 1 || requeues < 0 || requeueBase.isNegative()) {
            throw new IllegalArgumentException("poison policy needs afterDeliveries >= 1, requeues >= 0 and a delay >= 0");
        }
    }

    /** Whether a message delivered this many times has failed a whole round. */
    boolean roundFailed(int deliveryCount) {
        return deliveryCount > afterDeliveries;
    }

    /**
     * How long to wait before the next round of a message that failed a round, or empty when it
     * must be dead-lettered now.
     *
     * @param readable  whether its body is a command this service understands
     * @param requeued  how many rounds it already failed and was put back for
     */
    Optional<Duration> nextRound(boolean readable, int requeued) {
        if (!readable || requeued >= requeues) {
            return Optional.empty();
        }
        return Optional.of(requeueBase.multipliedBy(1L << Math.min(requeued, 20)));
    }

    /** The longest a readable message is retried, all rounds' delays together. */
    Duration window() {
        return requeueBase.multipliedBy((1L << Math.min(requeues, 20)) - 1);
    }
}
