package io.herald.domain.model.notification;

import java.time.Duration;
import java.time.Instant;

/**
 * How long personal data of finished notifications is kept, and how much the retention job
 * redacts per transaction.
 *
 * @param days      a finished notification is redacted once it has not changed for this many days
 *                  ({@code herald.retention.days}, at least 1)
 * @param batchSize notifications redacted per transaction ({@code herald.retention.batch-size},
 *                  1..{@value #MAX_BATCH_SIZE})
 */
public record RetentionPolicy(int days, int batchSize) {

    public static final int DEFAULT_DAYS = 30;
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int MAX_BATCH_SIZE = 10_000;

    public RetentionPolicy {
        if (days < 1) {
            throw new IllegalArgumentException("herald.retention.days must be at least 1, not " + days);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("herald.retention.batch-size must be 1.." + MAX_BATCH_SIZE + ", not " + batchSize);
        }
    }

    /** Notifications finished (last changed) before this instant are due for redaction. */
    public Instant cutoff(Instant now) {
        return now.minus(Duration.ofDays(days));
    }

    /** Whether a batch that redacted {@code redacted} rows may have left more behind. */
    public boolean mayHaveMore(int redacted) {
        return redacted >= batchSize;
    }
}
