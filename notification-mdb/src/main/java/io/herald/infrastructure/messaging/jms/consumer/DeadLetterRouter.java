package io.herald.infrastructure.messaging.jms.consumer;

import io.herald.application.DeliveryCommand;
import io.herald.application.UnreadableDeliveryCommandException;
import io.herald.application.delivery.DeadLetters;
import io.herald.infrastructure.messaging.jms.DeadLetterMessages;
import io.herald.infrastructure.messaging.jms.JmsDestinations;
import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Inject
    @ConfigProperty(name = "herald.jms.poison-requeues", defaultValue = "5")
    private int poisonRequeues;

    @Inject
    @ConfigProperty(name = "herald.jms.poison-requeue-base-ms", defaultValue = "10000")
    private long poisonRequeueBaseMs;

    private PoisonPolicy policy;

    @PostConstruct
    void readPolicy() {
        policy = new PoisonPolicy(poisonAfterDeliveries, poisonRequeues, Duration.ofMillis(poisonRequeueBaseMs));
    }

    /**
     * Takes a message that has failed a whole round of deliveries out of the way
     * ({@link PoisonPolicy}): an unreadable one, or a readable one whose rounds are used up, to
     * the dead-letter queue; any other back on its own queue, with the round's delay and a fresh
     * delivery count. Either way in the consumer's transaction, together with the acknowledgement.
     *
     * @return whether the message was taken out of the way (and must not be processed)
     */
    public boolean divertPoison(Message message) throws JMSException {
        int deliveryCount = message.getIntProperty("JMSXDeliveryCount");
        if (!policy.roundFailed(deliveryCount)) {
            return false;
        }
        Diagnosis diagnosis = diagnose(message);
        int requeued = message.propertyExists(JmsDestinations.PROP_REQUEUES) ? message.getIntProperty(JmsDestinations.PROP_REQUEUES) : 0;
        Optional<Duration> delay = policy.nextRound(diagnosis.readable(), requeued);
        if (delay.isPresent()) {
            requeue(message, requeued + 1, delay.get());
            LOG.warning(() -> "message " + safeId(message) + " failed " + deliveryCount + " deliveries; put back on its queue for"
                    + " round " + (requeued + 2) + " in " + delay.get().toSeconds() + " s");
            return true;
        }
        deadLetter(message, diagnosis.reason() + " (" + poisonAfterDeliveries + " deliveries failed"
                + (requeued > 0 ? ", in each of " + (requeued + 1) + " rounds over about " + policy.window().toSeconds() + " s" : "") + ")");
        return true;
    }

    private record Diagnosis(boolean readable, String reason) {
    }

    /** Why processing keeps failing, as far as the message itself tells. */
    private static Diagnosis diagnose(Message message) {
        try {
            if (message.propertyExists(JmsDestinations.PROP_BATCH_ID)) {
                io.herald.application.BatchChunk.fromJson(message.getBody(String.class));
                return new Diagnosis(true, "processing the batch chunk failed");
            }
            DeliveryCommand.fromJson(message.getBody(String.class));
            return new Diagnosis(true, "processing failed");
        } catch (UnreadableDeliveryCommandException e) {
            return new Diagnosis(false, "unreadable delivery command: " + e.getMessage());
        } catch (JMSException | RuntimeException e) {
            return new Diagnosis(false, "not a text message (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A copy of the message, body and application properties, on its own queue after the delay. */
    private void requeue(Message message, int requeues, Duration delay) throws JMSException {
        TextMessage copy = jms.createTextMessage(message.getBody(String.class));
        for (Map.Entry<String, Object> p : DeadLetterMessages.applicationProperties(message).entrySet()) {
            copy.setObjectProperty(p.getKey(), p.getValue());
        }
        copy.setIntProperty(JmsDestinations.PROP_REQUEUES, requeues);
        jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setPriority(message.getJMSPriority())
                .setDeliveryDelay(delay.toMillis())
                .send(message.getJMSDestination(), copy);
        metrics.counter("notifications.requeued").inc();
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
