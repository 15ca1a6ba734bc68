package io.herald.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRequestsTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static List<FieldError> errors(String body) {
        return assertThrows(InvalidNotificationRequestException.class, () -> TemplateRequests.publish(json(body))).errors();
    }

    private static void assertFieldError(String body, String field, String messagePart) {
        List<FieldError> errors = errors(body);
        assertTrue(errors.stream().anyMatch(e -> e.field().equals(field) && e.message().contains(messagePart)),
                field + " / " + messagePart + " in " + errors);
    }

    @Test
    void emailTemplatesAreTheDefault() {
        TemplateRequests.Draft d = TemplateRequests.publish(json("{\"code\":\"welcome\",\"subject\":\"Hi {{n}}\",\"body_text\":\"t\"}"));
        assertEquals(Channel.EMAIL, d.channel());
        assertEquals("en", d.language());
        assertEquals("Hi {{n}}", d.subject());
        assertNull(d.bodyHtml());
        assertNull(d.title());
        assertNull(d.data());
    }

    @Test
    void pushTemplateWithEveryPart() {
        TemplateRequests.Draft d = TemplateRequests.publish(json("{\"code\":\"p1\",\"language\":\"pt-BR\",\"channel\":\"push\","
                + "\"title\":\"Hi {{n}}\",\"body\":\"You have {{c}}\",\"data\":{\"screen\":\"inbox\",\"id\":\"{{id}}\"},"
                + "\"image\":\"https://cdn.example.com/{{pic}}.png\"}"));
        assertEquals(Channel.PUSH, d.channel());
        assertEquals("pt-BR", d.language());
        assertEquals("Hi {{n}}", d.title());
        assertEquals("You have {{c}}", d.body());
        assertEquals(Map.of("screen", "inbox", "id", "{{id}}"), d.data());
        assertEquals(List.of("screen", "id"), List.copyOf(d.data().keySet()));
        assertEquals("https://cdn.example.com/{{pic}}.png", d.image());
        assertNull(d.subject());
    }

    @Test
    void pushNeedsTitleAndBodyWithinTheirLimits() {
        assertFieldError("{\"code\":\"p\",\"channel\":\"push\",\"body\":\"b\"}", "title", "is required");
        assertFieldError("{\"code\":\"p\",\"channel\":\"push\",\"title\":\"t\"}", "body", "is required");
        assertFieldError("{\"code\":\"p\",\"channel\":\"push\",\"title\":\" \",\"body\":\"b\"}", "title", "blank");
        assertFieldError("{\"code\":\"p\",\"channel\":\"push\",\"title\":\"" + "t".repeat(1001) + "\",\"body\":\"b\"}",
                "title", "at most 1000");
        assertFieldError("{\"code\":\"p\",\"channel\":\"push\",\"title\":\"t\",\"body\":\"" + "b".repeat(4001) + "\"}",
                "body", "at most 4000");
        TemplateRequests.publish(json("{\"code\":\"p\",\"channel\":\"push\",\"title\":\"" + "t".repeat(1000)
                + "\",\"body\":\"" + "b".repeat(4000) + "\"}"));
    }

    @Test
    void channelsDoNotMix() {
        List<FieldError> onPush = errors("{\"code\":\"p\",\"channel\":\"push\",\"title\":\"t\",\"body\":\"b\","
                + "\"subject\":\"s\",\"body_html\":\"h\",\"body_text\":\"x\"}");
        assertEquals(List.of("subject", "body_html", "body_text"), onPush.stream().map(FieldError::field).toList());
        assertTrue(onPush.stream().allMatch(e -> e.message().equals("is only for email templates")), onPush.toString());

        List<FieldError> onEmail = errors("{\"code\":\"e\",\"subject\":\"s\",\"body_text\":\"x\","
                + "\"title\":\"t\",\"body\":\"b\",\"data\":{},\"image\":\"https://x.io\"}");
        assertEquals(List.of("title", "body", "data", "image"), onEmail.stream().map(FieldError::field).toList());
        assertTrue(onEmail.stream().allMatch(e -> e.message().equals("is only for push templates")), onEmail.toString());
    }

    @Test
    void unknownChannelIsA400OnTheField() {
        assertFieldError("{\"code\":\"x\",\"channel\":\"sms\",\"title\":\"t\",\"body\":\"b\"}", "channel", "\"email\" or \"push\"");
        assertFieldError("{\"code\":\"x\",\"channel\":\"callback\"}", "channel", "\"email\" or \"push\"");
        assertFieldError("{\"code\":\"x\",\"channel\":7}", "channel", "must be a string");
    }

    @Test
    void dataIsAnObjectOfAtMostFiftyStrings() {
        String base = "{\"code\":\"p\",\"channel\":\"push\",\"title\":\"t\",\"body\":\"b\",\"data\":";
        assertFieldError(base + "[\"a\"]}", "data", "JSON object");
        assertFieldError(base + "\"a\"}", "data", "JSON object");
        assertFieldError(base + "{\"n\":1}}", "data.n", "must be a string");
        assertFieldError(base + "{\"o\":{\"x\":\"y\"}}}", "data.o", "must be a string");
        assertFieldError(base + "{\"\":\"v\"}}", "data.", "1..100");
        assertFieldError(base + "{\"v\":\"" + "x".repeat(4001) + "\"}}", "data.v", "at most 4000");
        assertEquals(50, TemplateRequests.publish(json(base + entries(50) + "}")).data().size());
        assertFieldError(base + entries(51) + "}", "data", "at most 50 entries");
    }

    private static JsonObject entries(int n) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (int i = 0; i < n; i++) {
            b.add("k" + i, "v{{x}}");
        }
        return b.build();
    }

    @Test
    void fcmReservedDataKeysAreRefused() {
        for (String key : new String[] {"from", "notification", "message_type", "google.c.a", "gcm.n.e", "From", "GOOGLE.x"}) {
            assertFieldError("{\"code\":\"p\",\"channel\":\"push\",\"title\":\"t\",\"body\":\"b\",\"data\":{\"" + key + "\":\"v\"}}",
                    "data." + key, "reserved by FCM");
        }
        for (String key : new String[] {"fromage", "google", "gcm", "my.google.key", "message"}) {
            assertFalse(TemplateRequests.isReservedKey(key), key);
        }
    }

    @Test
    void imageIsAnAbsoluteHttpsUrlTemplate() {
        String base = "{\"code\":\"p\",\"channel\":\"push\",\"title\":\"t\",\"body\":\"b\",\"image\":";
        for (String bad : new String[] {"\"http://x.io/i.png\"", "\"/i.png\"", "\"{{image}}\"", "\"https://\"",
                "\"https://x.io/a b.png\"", "\"https://x.io/\\n\"", "\"javascript:alert(1)\"", "3"}) {
            List<FieldError> errors = errors(base + bad + "}");
            assertEquals("image", errors.get(0).field(), bad);
        }
        assertFieldError(base + "\"https://x.io/" + "a".repeat(2048) + "\"}", "image", "at most 2048");
        assertEquals("HTTPS://x.io/{{p}}", TemplateRequests.publish(json(base + "\"HTTPS://x.io/{{p}}\"}")).image());
    }

    @Test
    void emailRulesStay() {
        assertFieldError("{\"code\":\"e\",\"body_text\":\"x\"}", "subject", "required for email templates");
        assertFieldError("{\"code\":\"e\",\"subject\":\"a\\r\\nBcc: x\",\"body_text\":\"x\"}", "subject", "single line");
        assertFieldError("{\"code\":\"e\",\"subject\":\"s\"}", "body_html", "body_html or body_text is required");
        assertFieldError("{\"code\":\"bad code\",\"subject\":\"s\",\"body_text\":\"x\"}", "code", "letters, digits");
        assertFieldError("{\"subject\":\"s\",\"body_text\":\"x\"}", "code", "is required");
        assertFieldError("{\"code\":\"e\",\"language\":\"english\",\"subject\":\"s\",\"body_text\":\"x\"}", "language", "language tag");
    }
}
