package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.template.Template;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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
    void theUnsubscribeLinkIsHeraldsOwnVariable() {
        Template t = template("News", "<a href=\"{{unsubscribe_url}}\">unsubscribe</a>", "Unsubscribe: {{unsubscribe_url}}");
        String link = "https://herald.example.com/unsubscribe/AbC-_0123456789";
        RenderedEmail r = renderer.render(t, "{\"unsubscribe_url\":\"https://evil.example/x\"}", link);
        assertEquals("<a href=\"" + link + "\">unsubscribe</a>", r.html(), "a URL of the token alphabet needs no escaping");
        assertEquals("Unsubscribe: " + link, r.text());
        // without a link it is empty, whatever the caller sent
        RenderedEmail none = renderer.render(t, "{\"unsubscribe_url\":\"https://evil.example/x\"}", null);
        assertEquals("<a href=\"\">unsubscribe</a>", none.html());
        assertEquals("Unsubscribe: ", none.text());
        assertEquals("Unsubscribe: ", renderer.render(t, "{\"unsubscribe_url\":\"https://evil.example/x\"}").text());
        assertEquals("Unsubscribe: ", renderer.render(t, null).text());
    }

    @Test
    void brokenTemplatesAreReported() {
        assertThrows(TemplateRenderingException.class, () -> renderer.validate(template("{{#if x}}unclosed", null, null)));
        assertThrows(TemplateRenderingException.class, () -> renderer.validate(template("s", "{{/x}}", null)));
        assertThrows(TemplateRenderingException.class, () -> renderer.render(template("s", null, null), "{}"));
    }

    private static Template push(String title, String body, String dataJson, String image) {
        return Template.push("alert", "en", 1, title, body, dataJson, image, OffsetDateTime.now());
    }

    @Test
    void pushPartsAreRenderedWithoutEscaping() {
        RenderedPush p = renderer.renderPush(push("Hi {{name}}", "<b>{{name}}</b> & {{count}} new",
                        "{\"screen\":\"inbox/{{name}}\",\"kind\":\"fixed\"}", "https://img.example.com/{{pic}}.png?a=1&b=2"),
                "{\"name\":\"Zoë <b>&'\",\"count\":3,\"pic\":\"p&q\"}");
        assertEquals("Hi Zoë <b>&'", p.title());
        assertEquals("<b>Zoë <b>&'</b> & 3 new", p.body());
        assertEquals(Map.of("screen", "inbox/Zoë <b>&'", "kind", "fixed"), p.data());
        assertEquals(List.of("screen", "kind"), List.copyOf(p.data().keySet()), "the template's key order");
        assertEquals("https://img.example.com/p&q.png?a=1&b=2", p.image());
    }

    @Test
    void pushWithoutDataOrImage() {
        RenderedPush p = renderer.renderPush(push("T", "B {{missing}}", null, null), null);
        assertEquals("T", p.title());
        assertEquals("B ", p.body());
        assertTrue(p.data().isEmpty());
        assertNull(p.image());
    }

    @Test
    void payloadBytesCountsEveryPartInUtf8() {
        RenderedPush p = new RenderedPush("é", "ab", Map.of("k", "€"), "https://x.io/i");
        // é = 2 bytes, ab = 2, k = 1, € = 3, the URL = 14
        assertEquals(2 + 2 + 1 + 3 + 14, p.payloadBytes());
        RenderedPush big = renderer.renderPush(push("{{t}}", "{{b}}", "{\"d\":\"{{b}}\"}", null),
                "{\"t\":\"" + "ü".repeat(1000) + "\",\"b\":\"" + "x".repeat(1500) + "\"}");
        assertEquals(2000 + 1500 + 1 + 1500, big.payloadBytes());
        assertEquals(big.title().getBytes(StandardCharsets.UTF_8).length, 2000);
    }

    @Test
    void renderedPushHidesItsContent() {
        String shown = new RenderedPush("secret title", "secret body", Map.of("k", "secret value"), "https://secret.io").toString();
        assertFalse(shown.contains("secret"), shown);
    }

    @Test
    void anImageThatDoesNotRenderToAnHttpsUrlIsRefused() {
        Template t = push("T", "B", null, "https://{{host}}/i.png");
        assertEquals("https://cdn.example.com/i.png", renderer.renderPush(t, "{\"host\":\"cdn.example.com\"}").image());
        TemplateRenderingException e = assertThrows(TemplateRenderingException.class,
                () -> renderer.renderPush(t, "{\"host\":\"\"}"));
        assertTrue(e.getMessage().contains("image"), e.getMessage());
        assertThrows(TemplateRenderingException.class, () -> renderer.renderPush(t, "{\"host\":\"a b\"}"));
    }

    @Test
    void channelsAreNotMixedUp() {
        assertThrows(TemplateRenderingException.class, () -> renderer.renderPush(template("s", null, "t"), "{}"));
        assertThrows(TemplateRenderingException.class, () -> renderer.render(push("T", "B", null, null), "{}"));
    }

    @Test
    void validateCompilesEveryPushPart() {
        renderer.validate(push("{{a}}", "{{#if b}}x{{/if}}", "{\"k\":\"{{c}}\"}", "https://x.io/{{d}}"));
        assertThrows(TemplateRenderingException.class, () -> renderer.validate(push("{{#if a}}", "b", null, null)));
        assertThrows(TemplateRenderingException.class, () -> renderer.validate(push("a", "{{/x}}", null, null)));
        assertThrows(TemplateRenderingException.class, () -> renderer.validate(push("a", "b", "{\"k\":\"{{#each}}\"}", null)));
        assertThrows(TemplateRenderingException.class, () -> renderer.validate(push("a", "b", null, "https://x.io/{{")));
        assertThrows(TemplateRenderingException.class, () -> renderer.validate(template("{{#if}}", null, "t")));
    }

    @Test
    void failuresWhileApplyingNeverQuoteVariables() {
        // the embedded helper loads a partial named by its argument: a variable
        TemplateRenderingException e = assertThrows(TemplateRenderingException.class,
                () -> renderer.render(template("s", null, "x {{embedded name}}"), "{\"name\":\"Secret Person\"}"));
        assertFalse(e.getMessage().contains("Secret"), e.getMessage());
        assertTrue(e.getMessage().startsWith("template cannot be applied at line 1, column"), e.getMessage());
        TemplateRenderingException p = assertThrows(TemplateRenderingException.class,
                () -> renderer.renderPush(push("{{embedded name}}", "b", null, null), "{\"name\":\"Secret Person\"}"));
        assertFalse(p.getMessage().contains("Secret"), p.getMessage());
    }

    @Test
    void theLogHelperRendersAndLogsNothing() {
        assertEquals("a  b", renderer.render(template("s", null, "a {{log name}} b"), "{\"name\":\"x\"}").text());
    }

    @Test
    void unsavedTemplatesAreNotCachedUnderOneKey() {
        assertEquals("one", renderer.render(template("s", null, "one"), "{}").text());
        assertEquals("two", renderer.render(template("s", null, "two"), "{}").text());
        assertEquals("T2", renderer.renderPush(push("T{{n}}", "B", null, null), "{\"n\":2}").title());
        assertEquals("X2", renderer.renderPush(push("X{{n}}", "B", null, null), "{\"n\":2}").title());
    }
}
