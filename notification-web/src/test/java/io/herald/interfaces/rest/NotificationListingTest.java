package io.herald.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.application.NotificationQuery;
import io.herald.application.NotificationQuery.Position;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import io.herald.domain.model.notification.NotificationStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationListingTest {

    private static final Position POSITION =
            new Position(OffsetDateTime.parse("2025-11-13T10:30:00.123456+02:00"), 4711);

    private static List<FieldError> errors(String status, String channel, String userId, String since, String limit,
                                           String cursor) {
        return assertThrows(InvalidNotificationRequestException.class, () -> NotificationListingRequest.parse(
                "hk_owner001", status, channel, userId, since, limit, cursor)).errors();
    }

    private static void assertBad(String field, String status, String channel, String userId, String since, String limit,
                                  String cursor) {
        List<FieldError> errors = errors(status, channel, userId, since, limit, cursor);
        assertEquals(List.of(field), errors.stream().map(FieldError::field).toList(), errors.toString());
    }

    @Test
    void aCursorNamesTheSameInstantAndId() {
        String cursor = NotificationCursor.encode(POSITION);
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "URL-safe without padding: " + cursor);
        Position back = NotificationCursor.decode(cursor).orElseThrow();
        assertEquals(POSITION.createdAt().toInstant(), back.createdAt().toInstant());
        assertEquals(ZoneOffset.UTC, back.createdAt().getOffset());
        assertEquals(4711, back.id());
        Position epoch = new Position(OffsetDateTime.parse("1970-01-01T00:00:00Z"), 0);
        assertEquals(epoch, NotificationCursor.decode(NotificationCursor.encode(epoch)).orElseThrow());
    }

    @Test
    void anythingElseIsNotACursor() {
        String cursor = NotificationCursor.encode(POSITION);
        for (String bad : new String[] {"", "x", "!!!!", cursor.substring(1), cursor + "A", cursor + "=", "a".repeat(200),
                "+" + cursor.substring(1), "/" + cursor.substring(1), Base64.getUrlEncoder().encodeToString("hello, world".getBytes())}) {
            assertTrue(NotificationCursor.decode(bad).isEmpty(), bad);
        }
        // well-formed, but outside what the database can compare with
        for (String at : new String[] {"1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z"}) {
            String forged = NotificationCursor.encode(new Position(OffsetDateTime.parse(at), 1));
            assertTrue(NotificationCursor.decode(forged).isEmpty(), at);
        }
        // every single-character edit is caught by the check sum
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < cursor.length() - 1; i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != cursor.charAt(i)) {
                    String edited = cursor.substring(0, i) + c + cursor.substring(i + 1);
                    assertTrue(NotificationCursor.decode(edited).isEmpty(), edited);
                }
            }
        }
    }

    @Test
    void defaultsAreTheNewestTwentyOfTheOwner() {
        NotificationQuery q = NotificationListingRequest.parse("hk_owner001", null, null, null, null, null, null);
        assertEquals(new NotificationQuery("hk_owner001", null, null, null, null, null, 20), q);
        assertEquals(q, NotificationListingRequest.parse("hk_owner001", "", "", "", "", "", ""), "empty is absent");
    }

    @Test
    void everyFilterIsRead() {
        String cursor = NotificationCursor.encode(POSITION);
        NotificationQuery q = NotificationListingRequest.parse("o", "DELIVERED", "push", "user-1",
                "2025-11-13T10:30:00Z", "100", cursor);
        assertEquals(NotificationStatus.DELIVERED, q.status());
        assertEquals("push", q.channel());
        assertEquals("user-1", q.userId());
        assertEquals(OffsetDateTime.parse("2025-11-13T10:30:00Z"), q.since());
        assertEquals(100, q.limit());
        assertEquals(POSITION.id(), q.after().id());
        assertEquals(1, NotificationListingRequest.parse("o", null, "email", null, "2025-11-13T12:30:00+02:00", "1", null).limit());
    }

    @Test
    void badParametersAreNamed() {
        assertBad("status", "delivered", null, null, null, null, null);
        assertBad("status", "NOPE", null, null, null, null, null);
        assertBad("channel", null, "sms", null, null, null, null);
        assertBad("channel", null, "callback", null, null, null, null);
        assertBad("user_id", null, null, "a b", null, null, null);
        assertBad("user_id", null, null, "u".repeat(256), null, null, null);
        assertBad("since", null, null, null, "yesterday", null, null);
        assertBad("since", null, null, null, "2025-11-13", null, null);
        assertBad("since", null, null, null, "2025-11-13T10:30:00", null, null);
        assertBad("since", null, null, null, "1969-12-31T23:59:59Z", null, null);
        assertBad("since", null, null, null, "+10000-01-01T00:00:00Z", null, null);
        assertBad("since", null, null, null, "-999999-01-01T00:00:00Z", null, null);
        assertEquals(OffsetDateTime.parse("9999-12-31T23:59:59Z"),
                NotificationListingRequest.parse("o", null, null, null, "9999-12-31T23:59:59Z", null, null).since());
        for (String limit : new String[] {"0", "101", "-1", "1.5", "abc", "99999999999", " 5", "1e2"}) {
            assertBad("limit", null, null, null, null, limit, null);
        }
        assertBad("cursor", null, null, null, null, null, "not-a-cursor");
        List<FieldError> all = errors("x", "x", " ", "x", "x", "x");
        assertEquals(List.of("status", "channel", "user_id", "since", "limit", "cursor"),
                all.stream().map(FieldError::field).toList());
    }

    @Test
    void aQueryNeedsAnOwnerAndASaneLimit() {
        assertThrows(NullPointerException.class, () -> new NotificationQuery(null, null, null, null, null, null, 20));
        assertThrows(IllegalArgumentException.class, () -> new NotificationQuery("o", null, null, null, null, null, 0));
        assertNull(new NotificationQuery("o", null, null, null, null, null, 1).after());
    }
}
