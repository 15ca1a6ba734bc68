package io.herald.infrastructure.messaging.jms.consumer;

import io.herald.application.DeliveryCommand;
import io.herald.application.UnreadableDeliveryCommandException;
import io.herald.application.delivery.DeadLetters;
import io.herald.infrastructure.messaging.jms.DeadLetterMessages;
import io.herald.infrastructure.messaging.jms.JmsDestinations;
import io.herald.infrastructure.logging.Log;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Moves a message that cannot be processed to the application's dead-letter queue, with its
 * original body and properties plus why and when. Runs in the consumer's transaction, so the
 * move and the acknowledgement of the original commit together: the message is never lost and
 * never in both places.
 */
@ApplicationScoped
public class DeadLetterRouter implements DeadLetters {

    private static final Log LOG = Log.of(DeadLetterRouter.class);

    @Inject
    @JMSConnectionFactory(JmsDestinations.CONNECTION_FACTORY)
    private JMSContext jms;

    @Resource(lookup = JmsDestinations.DEAD_LETTER_QUEUE)
    private Queue deadLetterQueue;

    @Inject
    private MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "herald.jms.poison-after-deliveries", defaultValue = "5")
    private int poisonAfterDeliveries;

    /**
     * Moves the message to the dead-letter queue if it has been delivered more than
     * {@code herald.jms.poison-after-deliveries} times, i.e. processing it kept failing.
     *
     * @return whether the message was dead-lettered (and must not be processed)
     */
    public boolean divertPoison(Message message) throws JMSException {
        if (message.getIntProperty("JMSXDeliveryCount") <= poisonAfterDeliveries) {
            return false;
        }
        deadLetter(message, diagnose(message) + " (" + poisonAfterDeliveries + " deliveries failed)");
        return true;
    }

    /** Why processing keeps failing, as far as the message itself tells. */
    private static String diagnose(Message message) {
        try {
            if (message.propertyExists(JmsDestinations.PROP_BATCH_ID)) {
                io.herald.application.BatchChunk.fromJson(message.getBody(String.class));
                return "processing the batch chunk failed";
            }
            DeliveryCommand.fromJson(message.getBody(String.class));
            return "processing failed";
        } catch (UnreadableDeliveryCommandException e) {
            return "unreadable delivery command: " + e.getMessage();
        } catch (JMSException | RuntimeException e) {
            return "not a text message (" + e.getClass().getSimpleName() + ")";
        }
    }

    public void deadLetter(Message message, String reason) throws JMSException {
        int deliveryCount = message.getIntProperty("JMSXDeliveryCount");
        DeadLetterMessages.markPoison(message, reason);
        jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(deadLetterQueue, message);
        metrics.counter("notifications.dead_lettered").inc();
        LOG.warning(() -> "dead-lettered message " + safeId(message) + " after " + deliveryCount
                + " deliveries: " + reason);
    }

    @Override
    public void parkExhausted(DeliveryCommand command, String originalQueue, String reason, int attempts,
                              List<String> history) {
        TextMessage message = jms.createTextMessage(command.toJson());
        try {
            DeadLetterMessages.markExhausted(message, command, originalQueue, reason, attempts, history);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot build dead-letter message", e);
        }
        jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(deadLetterQueue, message);
        metrics.counter("notifications.dead_lettered").inc();
        LOG.warning(() -> command.channel() + " of notification " + command.notificationId() + " dead-lettered after " + attempts
                + " attempts: " + reason);
    }

    private static String safeId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "?";
        }
    }
}
