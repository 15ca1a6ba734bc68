package io.herald.domain.model.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.batch.BatchRequest;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchRequestParserTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static JsonObject json(String text) {
        try (var r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    private static BatchRequest parse(String text) {
        return BatchRequestParser.parse(json(text), "corr-1", "f".repeat(64), NOW, Duration.ofDays(365));
    }

    @Test
    void validRecipientsAreKeptAndInvalidOnesReportedByIndex() {
        BatchRequest r = parse("{\"template_code\":\"news\",\"category\":\"newsletter\",\"variables\":{\"shop\":\"S\",\"name\":\"friend\"},"
                + "\"recipients\":[{\"to\":\"a@example.com\",\"variables\":{\"name\":\"Ann\"}},{\"to\":\"bad\"},"
                + "{\"user_id\":\"u1\",\"request_id\":\"r-1\"},{\"to\":\"c@example.com\",\"request_id\":\"r-1\"},7,{},"
                + "{\"to\":\"d@example.com\",\"colour\":\"red\"}]}");
        assertEquals(List.of(0, 2), r.recipients().stream().map(x -> x.index()).toList());
        assertEquals(List.of(1, 3, 4, 5, 6), r.rejected().stream().map(x -> x.index()).toList());
        assertEquals("to", r.rejected().get(0).errors().get(0).field());
        assertTrue(r.rejected().get(1).errors().get(0).message().contains("earlier recipient"));
        assertEquals("recipient", r.rejected().get(2).errors().get(0).field());
        assertEquals("to", r.rejected().get(3).errors().get(0).field(), "neither to nor user_id");
        assertEquals("colour", r.rejected().get(4).errors().get(0).field());
        assertEquals("{\"name\":\"Ann\",\"shop\":\"S\"}", r.recipients().get(0).variablesJson(), "own variables win over shared ones");
        assertEquals("{\"name\":\"friend\",\"shop\":\"S\"}", r.recipients().get(1).variablesJson());
        assertEquals("newsletter", r.category());
        assertEquals(BatchRequestParser.DEFAULT_PRIORITY, r.priority());
        assertEquals("corr-1", r.correlationId());
        assertNull(r.language());
        assertEquals(7, r.submitted());
    }

    @Test
    void aBadEnvelopeNamesEveryBadField() {
        InvalidNotificationRequestException e = assertThrows(InvalidNotificationRequestException.class,
                () -> parse("{\"category\":\"Bad Cat\",\"send_at\":\"later\",\"priority\":11,\"recipients\":{},\"extra\":1}"));
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        for (String f : List.of("template_code", "category", "send_at", "priority", "recipients", "extra")) {
            assertTrue(fields.contains(f), f + " in " + fields);
        }
        assertTrue(e.errors().stream().noneMatch(x -> x.field().equals("request_id") || x.field().equals("to")),
                "the stand-in recipient of the envelope check is never reported: " + fields);
    }

    @Test
    void noValidRecipientRefusesTheBatchWithEachRecipientsErrors() {
        InvalidNotificationRequestException e = assertThrows(InvalidNotificationRequestException.class,
                () -> parse("{\"template_code\":\"t\",\"recipients\":[{\"to\":\"x\"},{\"user_id\":\"has space\"}]}"));
        assertEquals(2, e.rejected().size());
        assertEquals("recipients", e.errors().get(0).field());
    }

    @Test
    void theRecipientCountIsBounded() {
        JsonArrayBuilder many = Json.createArrayBuilder();
        for (int i = 0; i <= BatchRequestParser.MAX_RECIPIENTS; i++) {
            many.add(Json.createObjectBuilder().add("to", "a" + i + "@example.com"));
        }
        JsonObject body = Json.createObjectBuilder().add("template_code", "t").add("recipients", many).build();
        InvalidNotificationRequestException e = assertThrows(InvalidNotificationRequestException.class,
                () -> BatchRequestParser.parse(body, null, "f", NOW, Duration.ofDays(1)));
        assertEquals("recipients", e.errors().get(0).field());
        assertThrows(InvalidNotificationRequestException.class, () -> parse("{\"template_code\":\"t\",\"recipients\":[]}"));
    }

    @Test
    void mergedVariablesAreBoundedLikeASingleNotifications() {
        StringBuilder own = new StringBuilder("{");
        for (int i = 0; i < 60; i++) {
            own.append(i == 0 ? "" : ",").append("\"o").append(i).append("\":1");
        }
        own.append('}');
        StringBuilder shared = new StringBuilder("{");
        for (int i = 0; i < 60; i++) {
            shared.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":1");
        }
        shared.append('}');
        BatchRequest r = parse("{\"template_code\":\"t\",\"variables\":" + shared + ",\"recipients\":[{\"to\":\"a@example.com\",\"variables\":"
                + own + "},{\"to\":\"b@example.com\"}]}");
        assertEquals(List.of(1), r.recipients().stream().map(x -> x.index()).toList(), "60 + 60 variables exceed 100");
        assertEquals("variables", r.rejected().get(0).errors().get(0).field());
    }
}
