package io.herald.application;

import static io.herald.infrastructure.json.Jsons.JSON;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsException;
import io.herald.domain.model.template.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies Handlebars templates to a notification's variables. In the HTML part, {@code {{x}}}
 * HTML-escapes the value (only {@code {{{x}}}} inserts it raw); the subject and text parts are
 * plain text and are not entity-escaped. Line breaks in a rendered subject are folded into
 * spaces so variables can never inject mail headers.
 *
 * <p>Compiled templates are cached by template id: versions are immutable, so a cached entry
 * never goes stale.
 */
@ApplicationScoped
public class TemplateRenderer {

    private static final int MAX_CACHED = 1000;

    private final Handlebars html = new Handlebars().with(EscapingStrategy.HTML_ENTITY);
    private final Handlebars plain = new Handlebars().with(EscapingStrategy.NOOP);
    private final Map<String, com.github.jknack.handlebars.Template> compiled = new ConcurrentHashMap<>();

    public RenderedEmail render(Template template, String variablesJson) {
        Map<String, Object> variables = toMap(variablesJson);
        String key = template.getId() + ":";
        String subject = apply(plain, key + "s", template.getSubject(), variables);
        String bodyHtml = apply(html, key + "h", template.getBodyHtml(), variables);
        String bodyText = apply(plain, key + "t", template.getBodyText(), variables);
        if (bodyHtml == null && bodyText == null) {
            throw new TemplateRenderingException("template has neither an HTML nor a text body");
        }
        return new RenderedEmail(subject == null ? "" : subject.replaceAll("[\\r\\n]+", " ").strip(), bodyHtml, bodyText);
    }

    /** Checks that every part of a template compiles; used before a template is stored. */
    public void validate(String subject, String bodyHtml, String bodyText) {
        for (String source : new String[] {subject, bodyHtml, bodyText}) {
            if (source != null) {
                compile(html, source);
            }
        }
    }

    private String apply(Handlebars engine, String key, String source, Map<String, Object> variables) {
        if (source == null) {
            return null;
        }
        if (compiled.size() > MAX_CACHED) {
            compiled.clear();
        }
        com.github.jknack.handlebars.Template t = compiled.computeIfAbsent(key, k -> compile(engine, source));
        try {
            return t.apply(variables);
        } catch (IOException | HandlebarsException e) {
            throw new TemplateRenderingException("template cannot be applied: " + firstLine(e.getMessage()));
        }
    }

    private static com.github.jknack.handlebars.Template compile(Handlebars engine, String source) {
        try {
            return engine.compileInline(source);
        } catch (IOException | HandlebarsException e) {
            throw new TemplateRenderingException("template does not compile: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static Map<String, Object> toMap(String json) {
        try (var reader = JSON.createReader(new StringReader(json == null ? "{}" : json))) {
            return objectToMap(reader.readObject());
        }
    }

    private static Map<String, Object> objectToMap(JsonObject o) {
        Map<String, Object> map = new LinkedHashMap<>();
        o.forEach((k, v) -> map.put(k, toJava(v)));
        return map;
    }

    private static Object toJava(JsonValue v) {
        return switch (v.getValueType()) {
            case OBJECT -> objectToMap((JsonObject) v);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonValue item : (JsonArray) v) {
                    list.add(toJava(item));
                }
                yield list;
            }
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> ((JsonNumber) v).isIntegral() ? ((JsonNumber) v).bigIntegerValue() : ((JsonNumber) v).bigDecimalValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }
}
