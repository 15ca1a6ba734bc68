package io.herald.application;

import java.util.List;
import java.util.Optional;

/**
 * A page of a listing: its notifications (without events) and, when more follow, the position
 * to continue after.
 */
public record NotificationPage(List<NotificationView> items, Optional<NotificationQuery.Position> next) {

    public NotificationPage {
        items = List.copyOf(items);
    }
}
