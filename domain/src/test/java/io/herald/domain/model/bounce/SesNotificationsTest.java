package io.herald.domain.model.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SesNotificationsTest {

    private static final String MAIL = "\"mail\":{\"messageId\":\"0100abc\",\"source\":\"noreply@herald.local\","
            + "\"headers\":[{\"name\":\"From\",\"value\":\"noreply@herald.local\"},{\"name\":\"X-Notification-Id\",\"value\":\"4711\"}]}";

    @Test
    void aPermanentBounceIsHardForEveryBouncedRecipient() {
        BounceReport r = SesNotifications.parse("{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\","
                + "\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"gone@example.com\",\"status\":\"5.1.1\","
                + "\"diagnosticCode\":\"smtp; 550 5.1.1 <gone@example.com>: user unknown\"},{\"emailAddress\":\"also@example.com\"}]},"
                + MAIL + "}").orElseThrow();
        assertEquals(BounceKind.HARD, r.kind());
        assertEquals(List.of("gone@example.com", "also@example.com"), r.addresses());
        assertEquals(4711L, r.notificationId());
        assertEquals("5.1.1 smtp; 550 5.1.1 <<address>>: user unknown", r.diagnostic());
        assertEquals("ses", r.source());
    }

    @Test
    void transientAndUndeterminedBouncesAreSoft() {
        for (String type : new String[] {"Transient", "Undetermined"}) {
            BounceReport r = SesNotifications.parse("{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"" + type
                    + "\",\"bounceSubType\":\"MailboxFull\",\"bouncedRecipients\":[{\"emailAddress\":\"full@example.com\"}]}}").orElseThrow();
            assertEquals(BounceKind.SOFT, r.kind(), type);
            assertEquals(type + "/MailboxFull", r.diagnostic());
            assertNull(r.notificationId());
        }
    }

    @Test
    void aComplaintIsAComplaintAndEventPublishingReadsTheSame() {
        for (String field : new String[] {"notificationType", "eventType"}) {
            BounceReport r = SesNotifications.parse("{\"" + field + "\":\"Complaint\",\"complaint\":{\"complaintFeedbackType\":\"abuse\","
                    + "\"complainedRecipients\":[{\"emailAddress\":\"angry@example.com\"}]}," + MAIL + "}").orElseThrow();
            assertEquals(BounceKind.COMPLAINT, r.kind());
            assertEquals(List.of("angry@example.com"), r.addresses());
            assertEquals("feedback type abuse", r.diagnostic());
            assertEquals(4711L, r.notificationId());
        }
    }

    @Test
    void otherTypesAreNotOurs() {
        assertTrue(SesNotifications.parse("{\"notificationType\":\"Delivery\",\"delivery\":{}}").isEmpty());
    }

    @Test
    void somethingElseIsMalformed() {
        for (String message : new String[] {"Hello world!", "[1]", "{}", "{\"notificationType\":\"Bounce\"}",
                "{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[]}}",
                "{\"notificationType\":\"Complaint\",\"complaint\":{}}"}) {
            assertThrows(InvalidSnsMessageException.class, () -> SesNotifications.parse(message), message);
        }
    }

    @Test
    void aHeaderThatIsNotAnIdIsIgnored() {
        BounceReport r = SesNotifications.parse("{\"notificationType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":[]},"
                + "\"mail\":{\"headers\":[{\"name\":\"X-Notification-Id\",\"value\":\"1 OR 1=1\"}]}}").orElseThrow();
        assertNull(r.notificationId());
    }
}
