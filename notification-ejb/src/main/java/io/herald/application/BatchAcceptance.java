package io.herald.application;

import io.herald.domain.model.batch.RejectedRecipient;
import java.util.List;

/**
 * What came of a batch request.
 *
 * @param rejected     the rejected recipients (a new batch), or null for a repeat
 * @param rejectedJson the rejected recipients as first answered (a repeat), or null
 */
public record BatchAcceptance(Outcome outcome, long batchId, int accepted, List<RejectedRecipient> rejected,
                              String rejectedJson) {

    public BatchAcceptance(Outcome outcome, long batchId, int accepted, List<RejectedRecipient> rejected) {
        this(outcome, batchId, accepted, rejected, null);
    }

    static BatchAcceptance repeat(long batchId, int accepted, String rejectedJson) {
        return new BatchAcceptance(Outcome.DUPLICATE, batchId, accepted, null, rejectedJson);
    }

    static BatchAcceptance conflict(long batchId) {
        return new BatchAcceptance(Outcome.CONFLICT, batchId, 0, null, null);
    }

    /** The rejected recipients as the API shows them. */
    public String rejectedAsJson() {
        return rejectedJson != null ? rejectedJson : BatchService.toJson(rejected == null ? List.of() : rejected);
    }

    public enum Outcome {
        /** Stored and queued now. */
        ACCEPTED,
        /** The same Idempotency-Key and body as an earlier batch: that batch, nothing stored again. */
        DUPLICATE,
        /** The same Idempotency-Key with a different body. */
        CONFLICT
    }
}
