package io.herald.infrastructure.logging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the current thread is working on: the correlation id of the request or message and the
 * id of the notification, which {@link Log} adds to every log line as the JSON fields
 * {@code CorrelationId} and {@code NotificationId}. Opened by whoever starts a unit of work
 * (the REST filter, a message consumer) with try-with-resources, which restores what was there
 * before, so pooled threads never carry a stale id.
 */
public final class LogContext implements AutoCloseable {

    public static final String CORRELATION_ID = "CorrelationId";
    public static final String NOTIFICATION_ID = "NotificationId";

    private static final ThreadLocal<LogContext> CURRENT = new ThreadLocal<>();

    private final LogContext previous;
    private String correlationId;
    private Long notificationId;

    private LogContext(LogContext previous, String correlationId, Long notificationId) {
        this.previous = previous;
        this.correlationId = correlationId;
        this.notificationId = notificationId;
    }

    /** Starts a unit of work; either id may be {@code null}. */
    public static LogContext open(String correlationId, Long notificationId) {
        LogContext context = new LogContext(CURRENT.get(), correlationId, notificationId);
        CURRENT.set(context);
        return context;
    }

    /** Names the notification the current unit of work is about, once it is known. */
    public static void notification(long notificationId) {
        LogContext current = CURRENT.get();
        if (current != null) {
            current.notificationId = notificationId;
        }
    }

    /** Sets the correlation id of the current unit of work, once it is known. */
    public static void correlation(String correlationId) {
        LogContext current = CURRENT.get();
        if (current != null && correlationId != null) {
            current.correlationId = correlationId;
        }
    }

    /** The fields of the current unit of work; empty outside one. */
    public static Map<String, String> fields() {
        LogContext current = CURRENT.get();
        Map<String, String> fields = new LinkedHashMap<>(2);
        if (current != null) {
            if (current.correlationId != null) {
                fields.put(CORRELATION_ID, current.correlationId);
            }
            if (current.notificationId != null) {
                fields.put(NOTIFICATION_ID, current.notificationId.toString());
            }
        }
        return fields;
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
