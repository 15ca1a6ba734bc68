package io.herald.infrastructure.messaging.jms.consumer;

import io.herald.application.BatchChunk;
import io.herald.application.delivery.BatchDeliveryService;
import io.herald.infrastructure.logging.LogContext;
import io.herald.infrastructure.messaging.jms.JmsDestinations;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the batch queue: each message a chunk of up to 100 notifications of one batch.
 * Thin, like {@link EmailDeliveryConsumer}: reads the chunk and delegates to
 * {@link BatchDeliveryService}, letting failures propagate (rollback, redelivery); a chunk that
 * keeps failing goes to the dead-letter queue. Its own pool (glassfish-ejb-jar.xml) keeps a
 * large batch from holding up single notifications on the email queue.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JmsDestinations.BATCH_QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "connectionFactoryLookup", propertyValue = JmsDestinations.CONNECTION_FACTORY)
})
public class BatchChunkConsumer implements MessageListener {

    @EJB
    private BatchDeliveryService delivery;

    @Inject
    private DeadLetterRouter deadLetters;

    @Override
    public void onMessage(Message message) {
        try (LogContext ignored = EmailDeliveryConsumer.logContext(message)) {
            if (deadLetters.divertPoison(message)) {
                return;
            }
            delivery.deliver(BatchChunk.fromJson(message.getBody(String.class)));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read batch chunk message", e);
        }
    }
}
