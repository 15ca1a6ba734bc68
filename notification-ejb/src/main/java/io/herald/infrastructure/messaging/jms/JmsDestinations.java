package io.herald.infrastructure.messaging.jms;

/**
 * JNDI names of the JMS resources that {@code server-config} creates. The physical
 * destinations behind them are what operators see in the Payara admin console.
 */
public final class JmsDestinations {

    public static final String CONNECTION_FACTORY = "jms/notification/ConnectionFactory";
    public static final String EMAIL_QUEUE = "jms/notification/EmailQueue";
    public static final String PUSH_QUEUE = "jms/notification/PushQueue";
    public static final String DEAD_LETTER_QUEUE = "jms/notification/DeadLetterQueue";

    /** Message properties carried by every delivery message (DESIGN.md §6). */
    public static final String PROP_NOTIFICATION_ID = "notificationId";
    public static final String PROP_CORRELATION_ID = "correlationId";
    public static final String PROP_ATTEMPT = "attempt";

    private JmsDestinations() {
    }
}
