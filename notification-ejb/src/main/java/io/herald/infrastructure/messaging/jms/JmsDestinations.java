package io.herald.infrastructure.messaging.jms;

/**
 * JNDI names of the JMS resources that {@code server-config} creates. The physical
 * destinations behind them are what operators see in the Payara admin console.
 */
public final class JmsDestinations {

    public static final String CONNECTION_FACTORY = "jms/notification/ConnectionFactory";
    public static final String EMAIL_QUEUE = "jms/notification/EmailQueue";
    public static final String PUSH_QUEUE = "jms/notification/PushQueue";
    /** Chunks of batches (first attempts); their retries go to the email queue one notification at a time. */
    public static final String BATCH_QUEUE = "jms/notification/BatchQueue";
    public static final String DEAD_LETTER_QUEUE = "jms/notification/DeadLetterQueue";
    public static final String CALLBACK_QUEUE = "jms/notification/CallbackQueue";

    /** Message properties carried by every delivery message (DESIGN.md §6). */
    public static final String PROP_NOTIFICATION_ID = "notificationId";
    public static final String PROP_CORRELATION_ID = "correlationId";
    public static final String PROP_ATTEMPT = "attempt";
    /** How many rounds of deliveries a message already failed and was put back on its queue for. */
    public static final String PROP_REQUEUES = "requeues";

    /** Properties a message carries in the dead-letter queue (ADR 0002). */
    public static final String PROP_DL_REASON = "deadLetterReason";
    public static final String PROP_DL_AT = "deadLetteredAt";
    public static final String PROP_DL_ORIGINAL_DESTINATION = "originalDestination";
    public static final String PROP_DL_DELIVERY_COUNT = "deliveryCount";
    public static final String PROP_DL_ATTEMPTS = "attempts";
    public static final String PROP_DL_FIRST_FAILURE_AT = "firstFailureAt";
    public static final String PROP_DL_LAST_FAILURE_AT = "lastFailureAt";
    public static final String PROP_DL_HISTORY = "attemptHistory";

    /** Physical name of the email queue, as recorded in dead-letter copies. */
    public static final String EMAIL_QUEUE_NAME = "NotificationEmailQueue";
    public static final String CALLBACK_QUEUE_NAME = "NotificationCallbackQueue";
    public static final String PUSH_QUEUE_NAME = "NotificationPushQueue";
    public static final String BATCH_QUEUE_NAME = "NotificationBatchQueue";
    /** Message property of a batch chunk: its batch. */
    public static final String PROP_BATCH_ID = "batchId";

    /** Physical name of a channel's queue. */
    public static String queueName(io.herald.domain.model.delivery.Channel channel) {
        return switch (channel) {
            case EMAIL -> EMAIL_QUEUE_NAME;
            case PUSH -> PUSH_QUEUE_NAME;
            case CALLBACK -> CALLBACK_QUEUE_NAME;
        };
    }

    private JmsDestinations() {
    }
}
