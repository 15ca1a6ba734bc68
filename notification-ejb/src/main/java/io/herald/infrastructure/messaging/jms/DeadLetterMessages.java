package io.herald.infrastructure.messaging.jms;

import io.herald.application.DeadLetter;
import io.herald.application.DeliveryCommand;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one format of a message in the dead-letter queue (ADR 0002): the original body (a
 * {@link DeliveryCommand}, ids only) plus properties saying why, when, from where and after how
 * many attempts. Written by the consumers' dead-letter router, read by the operators' API; both
 * go through this class, so the two can never drift apart.
 */
public final class DeadLetterMessages {

    /** Longest attempt history kept on a dead letter (its most recent part). */
    static final int MAX_HISTORY = 4000;

    private DeadLetterMessages() {
    }

    /**
     * Marks a new message carrying a delivery whose attempts ran out.
     *
     * @param history one line per failed attempt, oldest first, each starting with its ISO instant
     */
    public static void markExhausted(Message message, DeliveryCommand command, String originalQueue, String reason,
                                     int attempts, List<String> history) throws JMSException {
        message.setLongProperty(JmsDestinations.PROP_NOTIFICATION_ID, command.notificationId());
        if (command.correlationId() != null) {
            message.setStringProperty(JmsDestinations.PROP_CORRELATION_ID, command.correlationId());
        }
        stamp(message, reason, originalQueue);
        message.setIntProperty(JmsDestinations.PROP_DL_ATTEMPTS, attempts);
        if (!history.isEmpty()) {
            message.setStringProperty(JmsDestinations.PROP_DL_FIRST_FAILURE_AT, history.get(0).split(" ", 2)[0]);
            message.setStringProperty(JmsDestinations.PROP_DL_LAST_FAILURE_AT, history.get(history.size() - 1).split(" ", 2)[0]);
            String joined = String.join("\n", history);
            message.setStringProperty(JmsDestinations.PROP_DL_HISTORY,
                    joined.length() > MAX_HISTORY ? joined.substring(joined.length() - MAX_HISTORY) : joined);
        }
    }

    /**
     * Marks a received message that could not be processed, keeping its body and application
     * properties (a received message's properties are read-only until cleared).
     */
    public static void markPoison(Message message, String reason) throws JMSException {
        Map<String, Object> properties = applicationProperties(message);
        int deliveryCount = message.getIntProperty("JMSXDeliveryCount");
        Destination original = message.getJMSDestination();
        message.clearProperties();
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            message.setObjectProperty(p.getKey(), p.getValue());
        }
        stamp(message, reason, String.valueOf(original));
        message.setIntProperty(JmsDestinations.PROP_DL_DELIVERY_COUNT, deliveryCount);
    }

    /**
     * A message's own properties, without the provider's ({@code JMSX*}, {@code JMS_*}): what a
     * dead letter keeps, and what a copy put back on its queue carries.
     */
    public static Map<String, Object> applicationProperties(Message message) throws JMSException {
        Map<String, Object> properties = new HashMap<>();
        for (Object name : Collections.list((Enumeration<?>) message.getPropertyNames())) {
            String n = String.valueOf(name);
            if (!n.startsWith("JMSX") && !n.startsWith("JMS_")) {
                properties.put(n, message.getObjectProperty(n));
            }
        }
        return properties;
    }

    /** What operators see of a dead letter. */
    public static DeadLetter read(Message m) throws JMSException {
        return new DeadLetter(m.getJMSMessageID(),
                notificationId(m),
                m.getStringProperty(JmsDestinations.PROP_DL_REASON),
                intProperty(m, JmsDestinations.PROP_DL_ATTEMPTS),
                intProperty(m, JmsDestinations.PROP_DL_DELIVERY_COUNT),
                m.getStringProperty(JmsDestinations.PROP_DL_ORIGINAL_DESTINATION),
                m.getStringProperty(JmsDestinations.PROP_DL_FIRST_FAILURE_AT),
                m.getStringProperty(JmsDestinations.PROP_DL_LAST_FAILURE_AT),
                m.getStringProperty(JmsDestinations.PROP_DL_AT),
                m.getStringProperty(JmsDestinations.PROP_DL_HISTORY));
    }

    /** The reason a dead letter was parked, or null. */
    public static String reason(Message m) throws JMSException {
        return m.getStringProperty(JmsDestinations.PROP_DL_REASON);
    }

    /** The notification a dead letter is about, or null when it does not say (or says nonsense). */
    public static Long notificationId(Message m) {
        try {
            return m.propertyExists(JmsDestinations.PROP_NOTIFICATION_ID) ? m.getLongProperty(JmsDestinations.PROP_NOTIFICATION_ID) : null;
        } catch (JMSException | NumberFormatException e) {
            return null;
        }
    }

    private static void stamp(Message message, String reason, String originalQueue) throws JMSException {
        message.setStringProperty(JmsDestinations.PROP_DL_REASON, reason);
        message.setStringProperty(JmsDestinations.PROP_DL_AT, Instant.now().toString());
        message.setStringProperty(JmsDestinations.PROP_DL_ORIGINAL_DESTINATION, originalQueue);
    }

    private static Integer intProperty(Message m, String name) {
        try {
            return m.propertyExists(name) ? m.getIntProperty(name) : null;
        } catch (JMSException | NumberFormatException e) {
            return null;
        }
    }
}
