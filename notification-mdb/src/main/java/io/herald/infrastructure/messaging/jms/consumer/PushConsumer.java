package io.herald.infrastructure.messaging.jms.consumer;

import io.herald.application.DeliveryCommand;
import io.herald.application.delivery.PushDeliveryService;
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
 * Consumes the push queue ({@code NotificationPushQueue}); thin like
 * {@link EmailDeliveryConsumer}, with the same poison handling. Its own queue and bean pool keep
 * a slow or failing FCM away from email delivery.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JmsDestinations.PUSH_QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "connectionFactoryLookup", propertyValue = JmsDestinations.CONNECTION_FACTORY)
})
public class PushConsumer implements MessageListener {

    @EJB
    private PushDeliveryService delivery;

    @Inject
    private DeadLetterRouter deadLetters;

    @Override
    public void onMessage(Message message) {
        try (LogContext ignored = EmailDeliveryConsumer.logContext(message)) {
            if (deadLetters.divertPoison(message)) {
                return;
            }
            delivery.deliver(DeliveryCommand.fromJson(message.getBody(String.class)));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read push message", e);
        }
    }
}
