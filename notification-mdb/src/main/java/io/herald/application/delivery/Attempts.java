package io.herald.application.delivery;

import io.herald.application.AttemptStart;
import io.herald.application.DeliveryCommand;
import io.herald.application.DeliveryTracker;
import io.herald.domain.model.delivery.Channel;
import io.herald.infrastructure.logging.Log;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** Starting an attempt, shared by the notification channels. */
final class Attempts {

    private static final Log LOG = Log.of(Attempts.class);

    private Attempts() {
    }

    /**
     * Starts the attempt a delivery command asks for: the attempt ready to send, or empty when
     * there is nothing to send (already finished: a redelivery; or finished before sending and
     * recorded: failed, skipped or suppressed, counted as {@code notifications.<status>}).
     *
     * @throws NotificationNotFoundException when the notification does not exist (the consumer's
     *         transaction rolls back and the broker redelivers)
     */
    static Optional<AttemptStart> begin(DeliveryTracker tracker, DeliveryCommand command, Channel channel,
                                        MetricRegistry metrics) {
        AttemptStart start = start(tracker, command.notificationId());
        switch (start.kind()) {
            case NOT_FOUND -> throw new NotificationNotFoundException(command.notificationId());
            case ALREADY_FINISHED -> LOG.fine(() -> "notification " + command.notificationId() + " already "
                    + start.status() + "; skipped");
            case FINISHED_BEFORE_SEND -> metrics.counter("notifications." + start.status().name().toLowerCase(Locale.ROOT),
                    new Tag("channel", channel.wireName())).inc();
            case READY -> {
                return Optional.of(start);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the attempts of a chunk of a batch, looking again for a short while for members not
     * visible yet (as {@link #start}).
     *
     * @throws NotificationNotFoundException when a member still does not exist (the consumer's
     *         transaction rolls back and the broker redelivers the chunk)
     */
    static java.util.List<AttemptStart> startChunk(DeliveryTracker tracker, io.herald.application.BatchChunk chunk) {
        java.util.List<Long> ids = chunk.notificationIds();
        java.util.List<AttemptStart> starts = new java.util.ArrayList<>(tracker.startAttempts(chunk.batchId(), ids));
        for (long pauseMs = 5; pauseMs <= 80; pauseMs *= 2) {
            java.util.List<Integer> missing = new java.util.ArrayList<>();
            for (int i = 0; i < starts.size(); i++) {
                if (starts.get(i).kind() == AttemptStart.Kind.NOT_FOUND) {
                    missing.add(i);
                }
            }
            if (missing.isEmpty()) {
                return starts;
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            java.util.List<AttemptStart> again = tracker.startAttempts(chunk.batchId(), missing.stream().map(ids::get).toList());
            for (int j = 0; j < missing.size(); j++) {
                starts.set(missing.get(j), again.get(j));
            }
        }
        for (int i = 0; i < starts.size(); i++) {
            if (starts.get(i).kind() == AttemptStart.Kind.NOT_FOUND) {
                throw new NotificationNotFoundException(ids.get(i));
            }
        }
        return starts;
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
