package io.herald.application;

import static io.herald.infrastructure.json.Jsons.JSON;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Helper;
import io.herald.domain.model.template.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
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
 * <p>Push templates are plain text in every part (title, body, each data value, image URL): the
 * same engine with no escaping, since a device shows the text as it is. A rendered image must
 * still be an absolute {@code https} URL.
 *
 * <p>{@value #UNSUBSCRIBE_URL} is Herald's own variable in every email: the one-click
 * unsubscribe link of non-transactional mail ({@link UnsubscribeLinks}), empty when the mail has
 * none. A variable of that name in a notification is ignored, so a caller can neither forge nor
 * remove the link the {@code List-Unsubscribe} header carries.
 *
 * <p>Compiled templates are cached by template id: versions are immutable, so a cached entry
 * never goes stale. A template without an id (not stored) is compiled each time.
 */
@ApplicationScoped
public class TemplateRenderer {

    private static final int MAX_CACHED = 1000;

    private final Handlebars html = withoutLogHelper(new Handlebars().with(EscapingStrategy.HTML_ENTITY));
    private final Handlebars plain = withoutLogHelper(new Handlebars().with(EscapingStrategy.NOOP));
    private final Map<String, com.github.jknack.handlebars.Template> compiled = new ConcurrentHashMap<>();

    /**
     * The built-in {@code log} helper writes its arguments (variables) to the server log; here it
     * renders nothing and logs nothing.
     */
    private static Handlebars withoutLogHelper(Handlebars engine) {
        engine.registerHelper("log", (Helper<Object>) (context, options) -> "");
        return engine;
    }

    /** The variable that holds the mail's unsubscribe link; reserved, see the class comment. */
    public static final String UNSUBSCRIBE_URL = "unsubscribe_url";

    /** Applies an email template to mail without an unsubscribe link ({@value #UNSUBSCRIBE_URL} renders empty). */
    public RenderedEmail render(Template template, String variablesJson) {
        return render(template, variablesJson, null);
    }

    /**
     * Applies an email template.
     *
     * @param unsubscribeUrl the mail's one-click unsubscribe link for {@value #UNSUBSCRIBE_URL},
     *                       or null when it has none
     */
    public RenderedEmail render(Template template, String variablesJson, String unsubscribeUrl) {
        if (template.isPush()) {
            throw new TemplateRenderingException("template is a push template, not an email template");
        }
        Map<String, Object> variables = toMap(variablesJson);
        variables.put(UNSUBSCRIBE_URL, unsubscribeUrl == null ? "" : unsubscribeUrl);
        String key = template.getId() + ":";
        String subject = apply(plain, key + "s", template.getSubject(), variables);
        String bodyHtml = apply(html, key + "h", template.getBodyHtml(), variables);
        String bodyText = apply(plain, key + "t", template.getBodyText(), variables);
        if (bodyHtml == null && bodyText == null) {
            throw new TemplateRenderingException("template has neither an HTML nor a text body");
        }
        return new RenderedEmail(subject == null ? "" : subject.replaceAll("[\\r\\n]+", " ").strip(), bodyHtml, bodyText);
    }

    /**
     * Applies a push template. Nothing is escaped; the rendered image, if the template has one,
     * must be an absolute https URL with a host.
     *
     * @throws TemplateRenderingException when the template is not a push template, a part cannot
     *         be applied, or the image does not render to an https URL (the message never quotes
     *         a variable's value)
     */
    public RenderedPush renderPush(Template template, String variablesJson) {
        if (!template.isPush()) {
            throw new TemplateRenderingException("template is an email template, not a push template");
        }
        if (template.getTitle() == null || template.getBody() == null) {
            throw new TemplateRenderingException("push template has no title or no body");
        }
        Map<String, Object> variables = toMap(variablesJson);
        String key = template.getId() + ":p";
        String title = apply(plain, key + "t", template.getTitle(), variables);
        String body = apply(plain, key + "b", template.getBody(), variables);
        Map<String, String> data = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : dataTemplates(template.getData()).entrySet()) {
            data.put(e.getKey(), apply(plain, key + "d:" + e.getKey(), e.getValue(), variables));
        }
        String image = apply(plain, key + "i", template.getImage(), variables);
        if (image != null) {
            image = image.strip();
            if (!isHttpsUrl(image)) {
                throw new TemplateRenderingException("image does not render to an absolute https URL");
            }
        }
        return new RenderedPush(title, body, data, image);
    }

    /**
     * Checks that every part of a template of either channel compiles (for push: title, body,
     * each data value and the image); used before a template is stored.
     */
    public void validate(Template template) {
        List<String> parts = new ArrayList<>();
        parts.add(template.getSubject());
        parts.add(template.getBodyHtml());
        parts.add(template.getBodyText());
        parts.add(template.getTitle());
        parts.add(template.getBody());
        parts.addAll(dataTemplates(template.getData()).values());
        parts.add(template.getImage());
        for (String source : parts) {
            if (source != null) {
                compile(plain, source);
            }
        }
    }

    private static boolean isHttpsUrl(String text) {
        try {
            URI uri = new URI(text);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A push template's data: key to value template, in the stored order; empty for none. */
    private static Map<String, String> dataTemplates(String dataJson) {
        if (dataJson == null) {
            return Map.of();
        }
        Map<String, String> data = new LinkedHashMap<>();
        try (var reader = JSON.createReader(new StringReader(dataJson))) {
            reader.readObject().forEach((k, v) -> {
                if (!(v instanceof JsonString s)) {
                    throw new TemplateRenderingException("push template data value '" + k + "' is not a string");
                }
                data.put(k, s.getString());
            });
        } catch (jakarta.json.JsonException | ClassCastException e) {
            throw new TemplateRenderingException("push template data is not a JSON object");
        }
        return data;
    }

    private String apply(Handlebars engine, String key, String source, Map<String, Object> variables) {
        if (source == null) {
            return null;
        }
        if (compiled.size() > MAX_CACHED) {
            compiled.clear();
        }
        com.github.jknack.handlebars.Template t = key.startsWith("null:") ? compile(engine, source)
                : compiled.computeIfAbsent(key, k -> compile(engine, source));
        try {
            return t.apply(variables);
        } catch (IOException | RuntimeException e) {
            throw new TemplateRenderingException("template cannot be applied" + describeApplyFailure(e));
        }
    }

    /**
     * Where and what kind of failure, never its message: messages of failures while applying
     * quote the variables they were given (a helper's argument, a partial named by a variable).
     */
    static String describeApplyFailure(Exception e) {
        StringBuilder out = new StringBuilder();
        if (e instanceof HandlebarsException h && h.getError() != null) {
            out.append(" at line ").append(h.getError().line).append(", column ").append(h.getError().column);
        }
        Throwable cause = e instanceof HandlebarsException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof HandlebarsException) {
            out.append(": a helper or partial failed");
        } else {
            out.append(": ").append(cause.getClass().getSimpleName());
        }
        return out.toString();
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
