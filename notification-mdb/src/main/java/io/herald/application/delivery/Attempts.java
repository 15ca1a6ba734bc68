package io.herald.application.delivery;

import io.herald.application.AttemptStart;
import io.herald.application.DeliveryTracker;

/** Starting an attempt, shared by the notification channels. */
final class Attempts {

    private Attempts() {
    }

    /**
     * Starts the attempt, looking again for a short while if the notification is not visible
     * yet. The JMS message and the row commit in one XA transaction, but in phase two the broker
     * can make the message visible a few milliseconds before PostgreSQL's COMMIT PREPARED
     * completes. Waiting here (at most ~150 ms, in new transactions) avoids a rollback and the
     * resource adapter's redelivery delay; only a row still missing after that is an error.
     */
    static AttemptStart start(DeliveryTracker tracker, long notificationId) {
        AttemptStart start = tracker.startAttempt(notificationId);
        for (long pauseMs = 5; start.kind() == AttemptStart.Kind.NOT_FOUND && pauseMs <= 80; pauseMs *= 2) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            start = tracker.startAttempt(notificationId);
        }
        return start;
    }
}
