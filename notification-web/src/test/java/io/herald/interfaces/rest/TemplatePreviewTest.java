package io.herald.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.application.RenderedEmail;
import io.herald.application.RenderedPush;
import io.herald.application.TemplatePreview;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import io.herald.domain.model.template.Template;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatePreviewTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static List<FieldError> errors(String body) {
        return assertThrows(InvalidNotificationRequestException.class, () -> TemplateRequests.preview(json(body))).errors();
    }

    @Test
    void languageDefaultsToEnglishAndVariablesToNone() {
        TemplateRequests.Preview p = TemplateRequests.preview(json("{}"));
        assertEquals("en", p.language());
        assertEquals("{}", p.variablesJson());
        TemplateRequests.Preview de = TemplateRequests.preview(json("{\"language\":\"de\",\"variables\":{\"n\":[1,{\"a\":\"b\"}]},\"x\":1}"));
        assertEquals("de", de.language());
        assertEquals(json("{\"n\":[1,{\"a\":\"b\"}]}"), json(de.variablesJson()));
    }

    @Test
    void badPreviewBodiesNameTheField() {
        assertEquals("language", errors("{\"language\":\"english\"}").get(0).field());
        assertEquals("language", errors("{\"language\":5}").get(0).field());
        assertEquals("variables", errors("{\"variables\":[]}").get(0).field());
        assertEquals("variables", errors("{\"variables\":\"x\"}").get(0).field());
        JsonObjectBuilder many = Json.createObjectBuilder();
        for (int i = 0; i <= 100; i++) {
            many.add("v" + i, i);
        }
        assertTrue(errors("{\"variables\":" + many.build() + "}").get(0).message().contains("at most 100 entries"));
        String big = "{\"variables\":{\"v\":\"" + "x".repeat(64 * 1024) + "\"}}";
        assertTrue(errors(big).get(0).message().contains("characters of JSON"));
        List<FieldError> both = errors("{\"language\":\"??\",\"variables\":1}");
        assertEquals(List.of("language", "variables"), both.stream().map(FieldError::field).toList());
    }

    @Test
    void anEmailPreviewHasSubjectHtmlAndText() {
        Template t = new Template("welcome", "en", 3, "email", "s", "h", null, OffsetDateTime.now());
        JsonObject out = TemplateResource.json(new TemplatePreview(t, new RenderedEmail("Hi <b>", "&lt;b&gt;", null), null));
        assertEquals("email", out.getString("channel"));
        assertEquals(3, out.getInt("template_version"));
        assertEquals("en", out.getString("language"));
        assertEquals("Hi <b>", out.getString("subject"));
        assertEquals("&lt;b&gt;", out.getString("html"));
        assertEquals(JsonValue.NULL, out.get("text"));
        assertTrue(!out.containsKey("title") && !out.containsKey("data"), out.toString());
    }

    @Test
    void aPushPreviewHasTitleBodyDataAndImage() {
        Template t = Template.push("alert", "pt-BR", 2, "T", "B", "{\"k\":\"v\"}", null, OffsetDateTime.now());
        Map<String, String> data = new LinkedHashMap<>();
        data.put("z", "<b>");
        data.put("a", "2");
        JsonObject out = TemplateResource.json(new TemplatePreview(t, null, new RenderedPush("T <b>", "B &", data, null)));
        assertEquals("push", out.getString("channel"));
        assertEquals(2, out.getInt("template_version"));
        assertEquals("pt-BR", out.getString("language"));
        assertEquals("T <b>", out.getString("title"));
        assertEquals("B &", out.getString("body"));
        assertEquals(List.of("z", "a"), List.copyOf(out.getJsonObject("data").keySet()));
        assertEquals("<b>", out.getJsonObject("data").getString("z"));
        assertEquals(JsonValue.NULL, out.get("image"));
        assertTrue(!out.containsKey("subject") && !out.containsKey("html"), out.toString());
    }
}
