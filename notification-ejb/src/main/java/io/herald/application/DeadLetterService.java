package io.herald.application;

import io.herald.domain.model.delivery.Channel;
import io.herald.infrastructure.logging.Log;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import io.herald.infrastructure.messaging.jms.DeadLetterMessages;
import io.herald.infrastructure.messaging.jms.JmsDestinations;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * Operator actions on the dead-letter queue. Replay and purge each run in one XA transaction:
 * taking the message off the dead-letter queue commits together with resetting the
 * notification and queueing it again (replay) or with the audit event (purge).
 */
@Stateless
public class DeadLetterService {

    private static final Log LOG = Log.of(DeadLetterService.class);

    /** What became of a dead letter an operator acted on. */
    public enum Outcome {
        /** Back on the delivery queue, with a fresh attempt budget. */
        REPLAYED,
        /** Its notification was delivered in the meantime: removed, nothing re-sent. */
        ALREADY_DELIVERED,
        /** Removed for good. */
        PURGED,
        /** No such message (already replayed or purged). */
        NOT_FOUND
    }

    @Inject
    @JMSConnectionFactory(JmsDestinations.CONNECTION_FACTORY)
    private JMSContext jms;

    @Resource(lookup = JmsDestinations.DEAD_LETTER_QUEUE)
    private Queue deadLetterQueue;

    @Resource(lookup = JmsDestinations.EMAIL_QUEUE)
    private Queue emailQueue;

    @Inject
    private NotificationRepository notifications;

    @EJB
    private DeliveryQueue queue;

    /** A page of the dead-letter queue, oldest first. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<DeadLetter> browse(int offset, int limit) {
        List<DeadLetter> page = new ArrayList<>();
        try (QueueBrowser browser = jms.createBrowser(deadLetterQueue)) {
            Enumeration<?> messages = browser.getEnumeration();
            for (int i = 0; messages.hasMoreElements() && page.size() < limit; i++) {
                Message m = (Message) messages.nextElement();
                if (i >= offset) {
                    page.add(DeadLetterMessages.read(m));
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse the dead-letter queue", e);
        }
        return page;
    }

    /** Ids of dead letters whose reason contains the text (all when null), at most {@code max}. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<String> find(String reasonContains, int max) {
        List<String> ids = new ArrayList<>();
        try (QueueBrowser browser = jms.createBrowser(deadLetterQueue)) {
            for (Object o : Collections.list(browser.getEnumeration())) {
                Message m = (Message) o;
                String reason = DeadLetterMessages.reason(m);
                if (reasonContains == null || (reason != null && reason.contains(reasonContains))) {
                    ids.add(m.getJMSMessageID());
                    if (ids.size() >= max) {
                        break;
                    }
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse the dead-letter queue", e);
        }
        return ids;
    }

    /** Puts a dead letter back on the delivery queue with the notification's attempts reset. */
    public Outcome replay(String messageId) {
        Optional<Message> taken = take(messageId);
        if (taken.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        Message message = taken.get();
        String body = bodyOf(message);
        DeliveryCommand command;
        try {
            command = DeliveryCommand.fromJson(body);
        } catch (UnreadableDeliveryCommandException e) {
            Optional<BatchChunk> chunk = chunkIn(body);
            if (chunk.isPresent()) {
                // a chunk of a batch that kept failing: back on the batch queue; members already
                // finished are skipped there, the others are attempted
                queue.enqueue(chunk.get(), io.herald.domain.model.notification.BatchRequestParser.DEFAULT_PRIORITY - 1, 0);
                LOG.info(() -> "replayed dead letter " + messageId + ": chunk of batch " + chunk.get().batchId());
                return Outcome.REPLAYED;
            }
            // not a delivery command: the operator asked for it, so it goes back as it was
            jms.createProducer().send(emailQueue, body);
            LOG.info(() -> "replayed unreadable dead letter " + messageId + " unchanged");
            return Outcome.REPLAYED;
        }
        Optional<EmailLog> found = notifications.findForUpdate(command.notificationId());
        if (command.isCallback()) {
            // the notification itself is finished; only its callback is sent again
            found.ifPresent(log -> audit(log, DeliveryEvent.Type.REPLAYED, "callback replayed (message " + messageId + ")"));
            queue.enqueue(Channel.CALLBACK, command, 1, 4, 0);
            return Outcome.REPLAYED;
        }
        if (found.isPresent() && !found.get().canBeReplayed()) {
            audit(found.get(), DeliveryEvent.Type.DEAD_LETTER_PURGED, "dead letter " + messageId + " removed: already "
                    + found.get().getStatus() + (found.get().isRedacted() ? ", personal data redacted" : ""));
            return Outcome.ALREADY_DELIVERED;
        }
        int priority = 4;
        if (found.isPresent()) {
            EmailLog log = found.get();
            log.replay(now());
            audit(log, DeliveryEvent.Type.REPLAYED, "replayed from the dead-letter queue (message " + messageId + ")");
            priority = log.getPriority() - 1;
        }
        queue.enqueue(Channel.fromWireName(command.channel()).orElse(Channel.EMAIL), command, 1, priority, 0);
        LOG.info(() -> "replayed dead letter " + messageId + " for notification " + command.notificationId());
        return Outcome.REPLAYED;
    }

    private static Optional<BatchChunk> chunkIn(String body) {
        try {
            return Optional.of(BatchChunk.fromJson(body));
        } catch (UnreadableDeliveryCommandException e) {
            return Optional.empty();
        }
    }

    /** Removes a dead letter for good, leaving an audit event on its notification. */
    public Outcome purge(String messageId) {
        Optional<Message> taken = take(messageId);
        if (taken.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        Long notificationId = DeadLetterMessages.notificationId(taken.get());
        if (notificationId != null) {
            notifications.findForUpdate(notificationId).ifPresent(log ->
                    audit(log, DeliveryEvent.Type.DEAD_LETTER_PURGED, "dead letter " + messageId + " purged by an operator"));
        }
        LOG.info(() -> "AUDIT purged dead letter " + messageId + " (notification " + notificationId + ")");
        return Outcome.PURGED;
    }

    private Optional<Message> take(String messageId) {
        String selector = "JMSMessageID = '" + messageId.replace("'", "''") + "'";
        try (JMSConsumer consumer = jms.createConsumer(deadLetterQueue, selector)) {
            return Optional.ofNullable(consumer.receive(2000));
        }
    }

    private void audit(EmailLog log, DeliveryEvent.Type type, String detail) {
        notifications.addEvent(new DeliveryEvent(log, type, detail, null, now()));
    }

    private static String bodyOf(Message m) {
        try {
            return m.getBody(String.class);
        } catch (JMSException e) {
            return null;
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
