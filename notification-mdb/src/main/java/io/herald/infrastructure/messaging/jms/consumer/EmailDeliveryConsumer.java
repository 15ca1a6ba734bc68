package io.herald.infrastructure.messaging.jms.consumer;

import io.herald.infrastructure.messaging.jms.JmsDestinations;
import io.herald.application.DeliveryCommand;
import io.herald.application.delivery.EmailDeliveryService;
import io.herald.infrastructure.logging.LogContext;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the email queue. Thin on purpose: it reads the command and delegates to
 * {@link EmailDeliveryService}, letting every failure propagate so the container rolls back
 * and the broker redelivers. Nothing is caught and logged away.
 *
 * <p>Poison messages: once a message has been delivered more than
 * {@code herald.jms.poison-after-deliveries} times (default 5), the {@link DeadLetterRouter}
 * takes it out of the way instead of processing it again ({@link PoisonPolicy}): back on the
 * queue after a growing delay while it is readable and has rounds left, else to the
 * application's dead-letter queue with the reason. The broker's own
 * redelivery limit (glassfish-ejb-jar.xml) is set one higher, and its system dead message queue
 * ({@code mq.sys.dmq}) is the last resort should even that move fail.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JmsDestinations.EMAIL_QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "connectionFactoryLookup", propertyValue = JmsDestinations.CONNECTION_FACTORY)
})
public class EmailDeliveryConsumer implements MessageListener {

    @EJB
    private EmailDeliveryService delivery;

    @Inject
    private DeadLetterRouter deadLetters;

    @Override
    public void onMessage(Message message) {
        try (LogContext ignored = logContext(message)) {
            if (deadLetters.divertPoison(message)) {
                return;
            }
            delivery.deliver(DeliveryCommand.fromJson(message.getBody(String.class)));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read delivery message", e);
        }
    }

    /**
     * The ids this message is about, for every log line written while handling it. Malformed
     * properties give no id rather than an exception, so poison still reaches the dead-letter check.
     */
    static LogContext logContext(Message message) {
        String correlationId = null;
        Long notificationId = null;
        try {
            correlationId = message.getStringProperty(JmsDestinations.PROP_CORRELATION_ID);
            if (message.propertyExists(JmsDestinations.PROP_NOTIFICATION_ID)) {
                notificationId = message.getLongProperty(JmsDestinations.PROP_NOTIFICATION_ID);
            }
        } catch (JMSException | RuntimeException malformed) {
            // the ids are for logs only
        }
        return LogContext.open(correlationId, notificationId);
    }
}
