package io.herald.infrastructure.messaging.jms;

import io.herald.application.DeliveryCommand;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;

/**
 * Puts delivery commands on the channel queues. Always called inside the caller's JTA
 * transaction: the injected {@link JMSContext} enlists in it, so the message is sent if and only
 * if the caller's database work commits.
 */
@Stateless
public class NotificationPublisher {

    @Inject
    @JMSConnectionFactory(JmsDestinations.CONNECTION_FACTORY)
    private JMSContext jms;

    @Resource(lookup = JmsDestinations.EMAIL_QUEUE)
    private Queue emailQueue;

    @Resource(lookup = JmsDestinations.CALLBACK_QUEUE)
    private Queue callbackQueue;

    /**
     * @param attempt  the delivery attempt this message asks for (1 for the first)
     * @param priority JMS priority 0..9
     * @param delayMs  earliest delivery, in ms from now (0 for at once)
     */
    public void publishEmail(DeliveryCommand command, int attempt, int priority, long delayMs) {
        send(emailQueue, command, attempt, priority, delayMs);
    }

    /** Asks for a status callback (attempt 1, or a later one after {@code delayMs}). */
    public void publishCallback(DeliveryCommand command, int attempt, long delayMs) {
        send(callbackQueue, command, attempt, 4, delayMs);
    }

    private void send(Queue queue, DeliveryCommand command, int attempt, int priority, long delayMs) {
        TextMessage message = jms.createTextMessage(command.toJson());
        try {
            message.setLongProperty(JmsDestinations.PROP_NOTIFICATION_ID, command.notificationId());
            message.setIntProperty(JmsDestinations.PROP_ATTEMPT, attempt);
            if (command.correlationId() != null) {
                message.setStringProperty(JmsDestinations.PROP_CORRELATION_ID, command.correlationId());
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot set message properties", e);
        }
        jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setPriority(priority)
                .setDeliveryDelay(Math.max(0, delayMs))
                .send(queue, message);
    }
}
