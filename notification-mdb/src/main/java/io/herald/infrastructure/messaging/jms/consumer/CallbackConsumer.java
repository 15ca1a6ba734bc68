package io.herald.infrastructure.messaging.jms.consumer;

import io.herald.infrastructure.messaging.jms.JmsDestinations;
import io.herald.application.delivery.CallbackDeliveryService;
import io.herald.application.DeliveryCommand;
import io.herald.infrastructure.logging.LogContext;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the callback queue; thin like {@link EmailDeliveryConsumer}, with the same poison
 * handling. Its own queue and bean pool keep slow callback receivers away from email delivery.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JmsDestinations.CALLBACK_QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "connectionFactoryLookup", propertyValue = JmsDestinations.CONNECTION_FACTORY)
})
public class CallbackConsumer implements MessageListener {

    @EJB
    private CallbackDeliveryService callbacks;

    @Inject
    private DeadLetterRouter deadLetters;

    @Override
    public void onMessage(Message message) {
        try (LogContext ignored = EmailDeliveryConsumer.logContext(message)) {
            if (deadLetters.divertPoison(message)) {
                return;
            }
            int attempt = message.propertyExists(JmsDestinations.PROP_ATTEMPT) ? message.getIntProperty(JmsDestinations.PROP_ATTEMPT) : 1;
            callbacks.deliver(DeliveryCommand.fromJson(message.getBody(String.class)), attempt);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read callback message", e);
        }
    }
}
