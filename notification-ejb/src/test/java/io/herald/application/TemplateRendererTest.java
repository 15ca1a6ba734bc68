package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.herald.domain.model.template.Template;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    private static Template template(String subject, String html, String text) {
        return new Template("welcome", "en", 1, "email", subject, html, text, OffsetDateTime.now());
    }

    @Test
    void rendersAllThreeParts() {
        RenderedEmail r = renderer.render(template("Hi {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}"),
                "{\"name\":\"John\"}");
        assertEquals("Hi John", r.subject());
        assertEquals("<p>Hello John</p>", r.html());
        assertEquals("Hello John", r.text());
    }

    @Test
    void escapesVariablesInHtmlOnly() {
        RenderedEmail r = renderer.render(template("{{name}}", "<p>{{name}}</p>", "{{name}}"),
                "{\"name\":\"<script>alert('x')</script> & Co\"}");
        assertEquals("<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co</p>", r.html());
        assertEquals("<script>alert('x')</script> & Co", r.text());
    }

    @Test
    void subjectCannotInjectHeaders() {
        RenderedEmail r = renderer.render(template("Hi {{name}}", null, "x"), "{\"name\":\"A\\r\\nBcc: evil@x.io\"}");
        assertEquals("Hi A Bcc: evil@x.io", r.subject());
    }

    @Test
    void nestedValuesListsAndNumbers() {
        RenderedEmail r = renderer.render(template("Order {{order.id}}", null,
                "{{#each items}}{{this}};{{/each}} total {{total}}"),
                "{\"order\":{\"id\":42},\"items\":[\"a\",\"b\"],\"total\":9.5}");
        assertEquals("Order 42", r.subject());
        assertEquals("a;b; total 9.5", r.text());
        assertNull(r.html());
    }

    @Test
    void missingVariablesRenderEmpty() {
        assertEquals("Hello ", renderer.render(template("s", null, "Hello {{nobody}}"), "{}").text());
    }

    @Test
    void brokenTemplatesAreReported() {
        assertThrows(TemplateRenderingException.class, () -> renderer.validate("{{#if x}}unclosed", null, null));
        assertThrows(TemplateRenderingException.class, () -> renderer.render(template("s", null, null), "{}"));
    }
}
