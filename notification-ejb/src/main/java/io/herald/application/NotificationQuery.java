package io.herald.application;

import io.herald.domain.model.notification.NotificationStatus;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One page of an owner's notifications, newest first: optional filters ({@code null} = any),
 * the position to continue after ({@code null} = from the newest), and the page size.
 */
public record NotificationQuery(String owner, NotificationStatus status, String channel, String userId,
                                OffsetDateTime since, Position after, int limit) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;

    public NotificationQuery {
        Objects.requireNonNull(owner, "owner");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    /**
     * Where a page ended: the last notification's creation time and id. The listing is ordered
     * by both, descending, so the next page starts strictly after this pair.
     */
    public record Position(OffsetDateTime createdAt, long id) {
        public Position {
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }
}
