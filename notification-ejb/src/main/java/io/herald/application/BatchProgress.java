package io.herald.application;

import io.herald.domain.model.batch.Batch;
import io.herald.domain.model.notification.NotificationStatus;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Where a batch stands: its notifications counted by status, how many are finished (in a
 * terminal status), and when the last of them finished (null until all have).
 */
public record BatchProgress(Batch batch, Map<NotificationStatus, Long> counts, long total, long finished,
                            OffsetDateTime completedAt) {

    public BatchProgress {
        counts = Map.copyOf(counts);
    }

    /** Percentage finished, 0..100, one decimal; 100 only when every notification is finished. */
    public double percentDone() {
        if (total == 0) {
            return 100.0;
        }
        double percent = Math.floor(finished * 1000.0 / total) / 10.0;
        return finished < total ? Math.min(percent, 99.9) : 100.0;
    }
}
