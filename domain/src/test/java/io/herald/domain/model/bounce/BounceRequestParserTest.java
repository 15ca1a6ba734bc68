package io.herald.domain.model.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import io.herald.domain.model.suppression.SuppressionReason;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BounceRequestParserTest {

    private static JsonObject json(String text) {
        return JsonProvider.provider().createReader(new StringReader(text)).readObject();
    }

    @Test
    void aHardBounceWithItsNotification() {
        BounceReport r = BounceRequestParser.parse(json("{\"address\":\"Gone@Example.com\",\"type\":\"hard\","
                + "\"diagnostic\":\"550 5.1.1 gone@example.com unknown\",\"notification_id\":42}"));
        assertEquals(BounceKind.HARD, r.kind());
        assertEquals(List.of("Gone@Example.com"), r.addresses());
        assertEquals("550 5.1.1 <address> unknown", r.diagnostic());
        assertEquals(42L, r.notificationId());
        assertEquals("webhook", r.source());
        assertEquals(Optional.of(SuppressionReason.HARD_BOUNCE), r.kind().suppression());
        assertEquals("hard (webhook): 550 5.1.1 <address> unknown", r.eventDetail());
    }

    @Test
    void softAndComplaintAndAnIdAsAString() {
        BounceReport soft = BounceRequestParser.parse(json("{\"address\":\"a@example.com\",\"type\":\"SOFT\",\"notification_id\":\"7\"}"));
        assertEquals(BounceKind.SOFT, soft.kind());
        assertEquals(Optional.empty(), soft.kind().suppression());
        assertEquals(7L, soft.notificationId());
        BounceReport complaint = BounceRequestParser.parse(json("{\"address\":\"a@example.com\",\"type\":\"complaint\"}"));
        assertEquals(Optional.of(SuppressionReason.COMPLAINT), complaint.kind().suppression());
        assertNull(complaint.notificationId());
        assertNull(complaint.diagnostic());
    }

    @Test
    void everyBadFieldIsNamed() {
        InvalidNotificationRequestException e = assertThrows(InvalidNotificationRequestException.class,
                () -> BounceRequestParser.parse(json("{\"address\":\"nope\",\"type\":\"bounced\",\"notification_id\":-1,\"adress\":1}")));
        assertEquals(List.of("adress", "address", "type", "notification_id"), e.errors().stream().map(FieldError::field).toList());
        InvalidNotificationRequestException missing = assertThrows(InvalidNotificationRequestException.class,
                () -> BounceRequestParser.parse(json("{}")));
        assertEquals(List.of("address", "type"), missing.errors().stream().map(FieldError::field).toList());
        InvalidNotificationRequestException types = assertThrows(InvalidNotificationRequestException.class,
                () -> BounceRequestParser.parse(json("{\"address\":1,\"type\":true,\"diagnostic\":[]}")));
        assertEquals(List.of("address", "type", "diagnostic"), types.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void diagnosticsAreBoundedAndStrippedOfControlCharacters() {
        assertEquals("a b", BounceReport.scrub("a\r\n\u0000b"));
        assertEquals(BounceReport.MAX_DIAGNOSTIC, BounceReport.scrub("x".repeat(5000)).length());
        assertNull(BounceReport.scrub("  "));
        assertThrows(InvalidNotificationRequestException.class, () -> BounceRequestParser.parse(
                json("{\"address\":\"a@example.com\",\"type\":\"hard\",\"diagnostic\":\"" + "x".repeat(2001) + "\"}")));
    }
}
