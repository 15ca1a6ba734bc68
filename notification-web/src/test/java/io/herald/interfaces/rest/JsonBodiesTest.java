package io.herald.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    private static int status(String body) {
        return status(body.getBytes(StandardCharsets.UTF_8));
    }

    private static int status(byte[] body) {
        return assertThrows(UnreadableBodyException.class, () -> JsonBodies.readObject(new ByteArrayInputStream(body))).status();
    }

    @Test
    void readsAnObject() {
        assertEquals("b", JsonBodies.readObject(new ByteArrayInputStream("{\"a\":\"b\"}".getBytes())).getString("a"));
    }

    @Test
    void rejectsEverythingElseWithA4xx() {
        assertEquals(400, status(""));
        assertEquals(400, status("{"));
        assertEquals(400, status("[1]"));
        assertEquals(400, status("42"));
        assertEquals(400, status("{\"a\":1} trailing"));
        assertEquals(400, status(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'}));
        assertEquals(400, status("{\"a\":" + "[".repeat(17) + "]".repeat(17) + "}"));
        assertEquals(413, status("{\"a\":\"" + "x".repeat(JsonBodies.MAX_BODY_BYTES) + "\"}"));
    }

    @Test
    void depthIgnoresBracketsInStrings() {
        assertEquals(1, JsonBodies.depth("{\"a\":\"[[[{{{\\\"\"}".getBytes()));
        assertEquals(3, JsonBodies.depth("{\"a\":[{\"b\":1}]}".getBytes()));
    }

    @Test
    void detectsUniqueViolationsAnywhereInTheChain() {
        SQLException unique = new SQLException("duplicate key", "23505");
        assertTrue(NotificationResource.isUniqueViolation(new RuntimeException(new RuntimeException(unique))));
        assertFalse(NotificationResource.isUniqueViolation(new RuntimeException(new SQLException("x", "P0001"))));
    }

    @Test
    void describedFailuresCarryNoAddressesOrRows() {
        String d = ProblemMappers.describe(new RuntimeException("wrap",
                new SQLException("ERROR: null value violates not-null constraint\n  Failing row contains (1, john@example.com, secret)")));
        assertFalse(d.contains("john@example.com"), d);
        assertFalse(d.contains("secret"), d);
        assertTrue(d.contains("java.sql.SQLException"), d);
        assertFalse(ProblemMappers.describe(new IllegalStateException("to a@b.io failed")).contains("a@b.io"));
    }
}
