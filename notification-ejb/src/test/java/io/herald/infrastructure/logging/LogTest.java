package io.herald.infrastructure.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogTest {

    private final Log log = Log.of(LogTest.class);

    @Test
    void recordsCarryTheFieldsOfTheCurrentUnitOfWork() {
        try (LogContext ignored = LogContext.open("corr-1", null)) {
            LogContext.notification(42);
            LogRecord r = log.record(Level.INFO, "delivered", null);
            assertEquals(Map.of("CorrelationId", "corr-1", "NotificationId", "42"), r.getParameters()[0]);
            assertEquals(LogTest.class.getName(), r.getLoggerName());
        }
    }

    @Test
    void nestedUnitsRestoreTheOuterOneAndNothingLeaksAfterwards() {
        try (LogContext outer = LogContext.open("outer", 1L)) {
            try (LogContext inner = LogContext.open("inner", 2L)) {
                assertEquals("inner", LogContext.fields().get("CorrelationId"));
            }
            assertEquals("1", LogContext.fields().get("NotificationId"));
        }
        assertEquals(Map.of(), LogContext.fields());
        assertNull(log.record(Level.INFO, "idle", null).getParameters());
    }
}
