package io.herald.domain.model.notification;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a notification.
 *
 * <pre>
 * ACCEPTED → PROCESSING → DELIVERED | FAILED | SUPPRESSED | SKIPPED
 *                ↕
 *         RETRY_SCHEDULED
 * </pre>
 *
 * A notification of a batch that was not being sent yet (ACCEPTED or RETRY_SCHEDULED) becomes
 * CANCELLED when its batch is cancelled.
 *
 * Terminal statuses never change again: a redelivered message for a terminal notification is
 * skipped, which is what keeps a crash-and-redeliver from sending the email twice.
 */
public enum NotificationStatus {
    ACCEPTED,
    PROCESSING,
    RETRY_SCHEDULED,
    DELIVERED,
    FAILED,
    SUPPRESSED,
    SKIPPED,
    CANCELLED;

    private static final Set<NotificationStatus> TERMINAL = EnumSet.of(DELIVERED, FAILED, SUPPRESSED, SKIPPED, CANCELLED);
    /** What a batch's cancellation stops: not being sent right now, not finished. */
    public static final Set<NotificationStatus> CANCELLABLE = EnumSet.of(ACCEPTED, RETRY_SCHEDULED);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether the lifecycle allows moving from this status to {@code next}. */
    public boolean canMoveTo(NotificationStatus next) {
        if (isTerminal()) {
            return false;
        }
        return switch (this) {
            case ACCEPTED, RETRY_SCHEDULED -> next == PROCESSING || next == FAILED || next == SKIPPED || next == SUPPRESSED
                    || next == CANCELLED;
            // PROCESSING -> PROCESSING: the previous attempt's transaction died (crash) and the message came back
            case PROCESSING -> next != ACCEPTED;
            default -> false;
        };
    }
}
