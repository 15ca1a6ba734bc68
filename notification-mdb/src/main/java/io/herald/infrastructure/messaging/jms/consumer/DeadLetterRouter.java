package io.herald.infrastructure.messaging.jms.consumer;

import io.herald.infrastructure.messaging.jms.JmsDestinations;
import io.herald.infrastructure.logging.Log;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Moves a message that cannot be processed to the application's dead-letter queue, with its
 * original body and properties plus why and when. Runs in the consumer's transaction, so the
 * move and the acknowledgement of the original commit together: the message is never lost and
 * never in both places.
 */
@ApplicationScoped
public class DeadLetterRouter {

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
            io.herald.application.DeliveryCommand.fromJson(message.getBody(String.class));
            return "processing failed";
        } catch (io.herald.application.UnreadableDeliveryCommandException e) {
            return "unreadable delivery command: " + e.getMessage();
        } catch (JMSException | RuntimeException e) {
            return "not a text message (" + e.getClass().getSimpleName() + ")";
        }
    }

    public void deadLetter(Message message, String reason) throws JMSException {
        Map<String, Object> properties = new HashMap<>();
        for (String name : Collections.list((java.util.Enumeration<?>) message.getPropertyNames()).stream()
                .map(String::valueOf).toList()) {
            if (!name.startsWith("JMSX") && !name.startsWith("JMS_")) {
                properties.put(name, message.getObjectProperty(name));
            }
        }
        int deliveryCount = message.getIntProperty("JMSXDeliveryCount");
        Destination original = message.getJMSDestination();
        // a received message's properties are read-only until cleared; its body stays untouched
        message.clearProperties();
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            message.setObjectProperty(p.getKey(), p.getValue());
        }
        message.setStringProperty(JmsDestinations.PROP_DL_REASON, reason);
        message.setStringProperty(JmsDestinations.PROP_DL_AT, Instant.now().toString());
        message.setStringProperty(JmsDestinations.PROP_DL_ORIGINAL_DESTINATION, String.valueOf(original));
        message.setIntProperty(JmsDestinations.PROP_DL_DELIVERY_COUNT, deliveryCount);
        jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(deadLetterQueue, message);
        metrics.counter("notifications.dead_lettered").inc();
        LOG.warning(() -> "dead-lettered message " + safeId(message) + " after " + deliveryCount
                + " deliveries: " + reason);
    }

    /**
     * Parks a copy of a delivery whose attempts ran out, with the reason and the history of its
     * attempts, for an operator to inspect and replay.
     */
    public void deadLetterExhausted(io.herald.application.DeliveryCommand command, String originalQueue, String reason,
                                    int attempts, List<String> history) {
        TextMessage message = jms.createTextMessage(command.toJson());
        try {
            message.setLongProperty(JmsDestinations.PROP_NOTIFICATION_ID, command.notificationId());
            if (command.correlationId() != null) {
                message.setStringProperty(JmsDestinations.PROP_CORRELATION_ID, command.correlationId());
            }
            message.setStringProperty(JmsDestinations.PROP_DL_REASON, reason);
            message.setStringProperty(JmsDestinations.PROP_DL_AT, Instant.now().toString());
            message.setStringProperty(JmsDestinations.PROP_DL_ORIGINAL_DESTINATION, originalQueue);
            message.setIntProperty(JmsDestinations.PROP_DL_ATTEMPTS, attempts);
            if (!history.isEmpty()) {
                message.setStringProperty(JmsDestinations.PROP_DL_FIRST_FAILURE_AT, history.get(0).split(" ", 2)[0]);
                message.setStringProperty(JmsDestinations.PROP_DL_LAST_FAILURE_AT, history.get(history.size() - 1).split(" ", 2)[0]);
                String joined = String.join("\n", history);
                message.setStringProperty(JmsDestinations.PROP_DL_HISTORY,
                        joined.length() > 4000 ? joined.substring(joined.length() - 4000) : joined);
            }
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
