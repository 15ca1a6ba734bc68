package io.herald.infrastructure.messaging.jms;

import io.herald.application.BatchChunk;
import io.herald.application.DeliveryCommand;
import io.herald.application.DeliveryQueue;
import io.herald.domain.model.delivery.Channel;
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
 * Puts delivery commands on the channel queues (the JMS implementation of {@link DeliveryQueue}). Always called inside the caller's JTA
 * transaction: the injected {@link JMSContext} enlists in it, so the message is sent if and only
 * if the caller's database work commits.
 */
@Stateless
public class NotificationPublisher implements DeliveryQueue {

    @Inject
    @JMSConnectionFactory(JmsDestinations.CONNECTION_FACTORY)
    private JMSContext jms;

    @Resource(lookup = JmsDestinations.EMAIL_QUEUE)
    private Queue emailQueue;

    @Resource(lookup = JmsDestinations.CALLBACK_QUEUE)
    private Queue callbackQueue;

    @Resource(lookup = JmsDestinations.PUSH_QUEUE)
    private Queue pushQueue;

    @Resource(lookup = JmsDestinations.BATCH_QUEUE)
    private Queue batchQueue;

    @Override
    public void enqueue(BatchChunk chunk, int priority, long delayMs) {
        TextMessage message = jms.createTextMessage(chunk.toJson());
        try {
            message.setLongProperty(JmsDestinations.PROP_BATCH_ID, chunk.batchId());
            if (chunk.correlationId() != null) {
                message.setStringProperty(JmsDestinations.PROP_CORRELATION_ID, chunk.correlationId());
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot set message properties", e);
        }
        jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setPriority(priority)
                .setDeliveryDelay(Math.max(0, delayMs))
                .send(batchQueue, message);
    }

    @Override
    public void enqueue(Channel channel, DeliveryCommand command, int attempt, int priority, long delayMs) {
        Queue queue = switch (channel) {
            case EMAIL -> emailQueue;
            case PUSH -> pushQueue;
            case CALLBACK -> callbackQueue;
        };
        send(queue, command, attempt, priority, delayMs);
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
