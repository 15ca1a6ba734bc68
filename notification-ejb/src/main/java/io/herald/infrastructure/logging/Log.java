package io.herald.infrastructure.logging;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A {@link java.util.logging.Logger} that adds the {@link LogContext} fields to each record.
 * They travel as a {@code Map} log parameter, which Payara's JSON log formatter writes as
 * top-level fields next to {@code Timestamp}, {@code Level}, {@code LoggerName} and
 * {@code LogMessage}. Messages are built by the caller and must never contain personal data
 * (addresses, variables, subjects, bodies): ids, counts, statuses and sanitised reasons only.
 */
public final class Log {

    private final Logger logger;

    private Log(Logger logger) {
        this.logger = logger;
    }

    public static Log of(Class<?> owner) {
        return new Log(Logger.getLogger(owner.getName()));
    }

    /**
     * The class names of a cause chain ({@code a.B <- c.D}, at most 8), without messages: safe for
     * a log line when messages may quote data (SQL errors quote failing rows, I/O errors URLs).
     */
    public static String causeClasses(Throwable e) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause(), depth++) {
            out.append(depth == 0 ? "" : " <- ").append(t.getClass().getName());
        }
        return out.toString();
    }

    public void fine(Supplier<String> message) {
        log(Level.FINE, message, null);
    }

    public void info(Supplier<String> message) {
        log(Level.INFO, message, null);
    }

    public void warning(Supplier<String> message) {
        log(Level.WARNING, message, null);
    }

    public void warning(String message) {
        log(Level.WARNING, () -> message, null);
    }

    public void log(Level level, Supplier<String> message) {
        log(level, message, null);
    }

    public void log(Level level, Supplier<String> message, Throwable thrown) {
        if (!logger.isLoggable(level)) {
            return;
        }
        logger.log(record(level, message.get(), thrown));
    }

    LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger.getName());
        record.setSourceClassName(logger.getName());
        record.setSourceMethodName(null);
        record.setThrown(thrown);
        Map<String, String> fields = LogContext.fields();
        if (!fields.isEmpty()) {
            record.setParameters(new Object[] {fields});
        }
        return record;
    }
}
