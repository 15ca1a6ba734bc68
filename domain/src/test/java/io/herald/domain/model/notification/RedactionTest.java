package io.herald.domain.model.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final String KEY = "john.doe@example.com";

    @Test
    void erasureKeyValidatesLikeTheRequestParserAndLowerCasesTheWholeAddress() {
        assertEquals(Optional.of("john.doe@example.com"), Redaction.erasureKey("John.Doe@Example.COM"));
        assertEquals(Optional.of("o'neil+tag@x.io"), Redaction.erasureKey("O'Neil+tag@X.io"));
        for (String invalid : new String[] {null, "", "nope", "a@@b.io", " a@b.io", "a@b.io ", "a b@c.io", "a@b..io",
                "a\r\n@b.io", "x".repeat(65) + "@b.io", "a@" + "b".repeat(250) + ".io"}) {
            assertEquals(Optional.empty(), Redaction.erasureKey(invalid), String.valueOf(invalid));
        }
    }

    @Test
    void recipientMatchesIgnoringCase() {
        assertTrue(Redaction.isRecipient("John.Doe@EXAMPLE.com", KEY));
        assertFalse(Redaction.isRecipient("xjohn.doe@example.com", KEY));
        assertFalse(Redaction.isRecipient(null, KEY));
    }

    @Test
    void mentionsFindTheAddressAsAValueOrInsideTextAtAnyDepth() {
        assertTrue(Redaction.mentions("{\"email\":\"john.doe@example.com\"}", KEY));
        assertTrue(Redaction.mentions("{\"a\":{\"b\":[1,{\"c\":\"John.Doe@Example.com\"}]}}", KEY));
        assertTrue(Redaction.mentions("{\"to\":\"John <john.doe@example.com>\"}", KEY));
        assertTrue(Redaction.mentions("{\"link\":\"mailto:john.doe@example.com?subject=hi\"}", KEY));
        assertTrue(Redaction.mentions("{\"text\":\"write to john.doe@example.com.\"}", KEY));
        assertTrue(Redaction.mentions("{\"text\":\"line\\njohn.doe@example.com\"}", KEY), "after an escaped newline");
        assertTrue(Redaction.mentions("{\"john.doe@example.com\":true}", KEY), "as a key");
        assertTrue(Redaction.mentions("[\"john.doe@example.com\"]", KEY));
        assertTrue(Redaction.mentions("not json, but john.doe@example.com", KEY));
    }

    @Test
    void longerAddressesThatContainItAreNotMentions() {
        assertFalse(Redaction.mentions("{\"e\":\"ajohn.doe@example.com\"}", KEY));
        assertFalse(Redaction.mentions("{\"e\":\"x.john.doe@example.com\"}", KEY));
        assertFalse(Redaction.mentions("{\"e\":\"john.doe@example.com.au\"}", KEY));
        assertFalse(Redaction.mentions("{\"e\":\"john.doe@example.community\"}", KEY));
        assertFalse(Redaction.mentions("{\"e\":\"john.doe@example.com-mail.org\"}", KEY));
        assertFalse(Redaction.mentions("{\"n\":1,\"b\":true,\"z\":null}", KEY));
        assertFalse(Redaction.mentions(null, KEY));
        assertFalse(Redaction.mentions("{}", KEY));
    }

    @Test
    void auditReferenceIsStableShortAndNotTheAddress() {
        String ref = Redaction.auditReference(KEY);
        assertTrue(ref.matches("sha256:[0-9a-f]{12}"), ref);
        assertEquals(ref, Redaction.auditReference(Redaction.erasureKey("John.Doe@Example.com").orElseThrow()));
        assertNotEquals(ref, Redaction.auditReference("jane.doe@example.com"));
        assertFalse(ref.contains("example"));
    }

    @Test
    void addressPatternRedactsQuotedAddressesInText() {
        String reply = "550 5.1.1 <john.doe@example.com>: user unknown; \"a@b.io\" (c@d.io), e@f.io;x";
        assertEquals("550 5.1.1 <<redacted>>: user unknown; \"<redacted>\" (<redacted>), <redacted>;x",
                Pattern.compile(Redaction.ADDRESS_PATTERN).matcher(reply).replaceAll("<redacted>"));
    }

    @Test
    void aRedactedNotificationCannotBeReplayed() throws Exception {
        OffsetDateTime now = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        EmailRequest r = new EmailRequest(io.herald.domain.model.delivery.Channel.EMAIL, "r", null, "a@b.io", "t", "en", "{}", 5, null, null, null, null, "h");
        EmailLog log = EmailLog.accept("hk_owner001", r, r.recipient(), now);
        log.startAttempt(now);
        log.markFailed("550", now);
        assertTrue(log.canBeReplayed());
        assertFalse(log.isRedacted());
        Field redactedAt = EmailLog.class.getDeclaredField("redactedAt");
        redactedAt.setAccessible(true);
        redactedAt.set(log, now);
        assertTrue(log.isRedacted());
        assertFalse(log.canBeReplayed());
    }
}
