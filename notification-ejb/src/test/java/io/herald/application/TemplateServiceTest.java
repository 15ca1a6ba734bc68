package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.template.Template;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TemplateServiceTest {

    /** Delivers each fired event at once, as CDI does after a successful commit. */
    static final class DeliveringEvent<T> implements Event<T> {
        private final Consumer<T> observer;

        DeliveringEvent(Consumer<T> observer) {
            this.observer = observer;
        }

        @Override
        public void fire(T event) {
            observer.accept(event);
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<T> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }

    private final TemplateCatalogTest.FakeStore store = new TemplateCatalogTest.FakeStore();
    private final List<TemplatePublished> fired = new ArrayList<>();
    private final TemplateService service = new TemplateService(store, new TemplateRenderer(),
            new TemplateCatalog(store, Duration.ofSeconds(30), System::nanoTime), new DeliveringEvent<>(fired::add));

    @Test
    void publishingAddsTheNextVersionAndAnnouncesIt() {
        service.publish("welcome", "en", "email", "Hi {{n}}", "<p>{{n}}</p>", null);
        Template v2 = service.publish("welcome", "en", "email", "Hello {{n}}", null, "{{n}}");
        assertEquals(2, v2.getVersion());
        assertEquals(List.of(new TemplatePublished("welcome", "en", 1), new TemplatePublished("welcome", "en", 2)), fired);
    }

    @Test
    void pushTemplatesKeepTheirDataInOrder() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("z", "{{a}}");
        data.put("a", "fixed \"quoted\"");
        Template t = service.publishPush("alert", "en", "T {{n}}", "B", data, "https://x.io/{{i}}", null);
        assertTrue(t.isPush());
        assertEquals("{\"z\":\"{{a}}\",\"a\":\"fixed \\\"quoted\\\"\"}", t.getData());
        assertEquals("https://x.io/{{i}}", t.getImage());
        assertNull(t.getSubject());
        RenderedPush p = new TemplateRenderer().renderPush(t, "{\"a\":\"1\",\"n\":\"2\",\"i\":\"p.png\"}");
        assertEquals(List.of("z", "a"), List.copyOf(p.data().keySet()));
        assertEquals("1", p.data().get("z"));
        assertNull(service.publishPush("bare", "en", "T", "B", Map.of(), null, null).getData(), "no data is null, not {}");
    }

    @Test
    void aTemplateKeepsItsChannel() {
        service.publish("welcome", "en", "email", "Hi", null, "x");
        assertThrows(TemplateChannelConflictException.class,
                () -> service.publishPush("welcome", "en", "T", "B", null, null, null));
        service.publishPush("welcome", "de", "T", "B", null, null, null);
        assertThrows(TemplateChannelConflictException.class,
                () -> service.publish("welcome", "de", "email", "Hi", null, "x"));
        assertEquals(2, fired.size());
    }

    @Test
    void aTemplateThatDoesNotCompileIsNeitherStoredNorAnnounced() {
        assertThrows(TemplateRenderingException.class,
                () -> service.publishPush("alert", "en", "T", "B", Map.of("k", "{{#if x}}"), null, null));
        assertThrows(TemplateRenderingException.class,
                () -> service.publish("welcome", "en", "email", "{{/x}}", null, "x"));
        assertTrue(store.newest.isEmpty());
        assertTrue(fired.isEmpty());
    }

    @Test
    void previewAppliesTheNewestVersionOfEitherChannel() {
        service.publish("welcome", "en", "email", "Hi {{n}}", "<p>{{n}}</p>", "{{n}}");
        service.publishPush("alert", "en", "T {{n}}", "<{{n}}>", Map.of("k", "{{n}}"), null, null);
        String vars = "{\"n\":\"<Ann & Bo>\"}";

        TemplatePreview email = service.preview("welcome", "en", vars).orElseThrow();
        assertNull(email.push());
        assertEquals("Hi <Ann & Bo>", email.email().subject());
        assertEquals("<p>&lt;Ann &amp; Bo&gt;</p>", email.email().html());

        TemplatePreview push = service.preview("alert", "en", vars).orElseThrow();
        assertNull(push.email());
        assertEquals("<<Ann & Bo>>", push.push().body());
        assertEquals("<Ann & Bo>", push.push().data().get("k"));

        assertTrue(service.preview("welcome", "de", vars).isEmpty());
        assertTrue(service.preview("nothing", "en", vars).isEmpty());
        assertTrue(fired.size() == 2 && store.newest.size() == 2, "a preview stores nothing");
    }

    @Test
    void aPreviewThatCannotBeAppliedNamesTheProblemNotTheVariables() {
        service.publish("broken", "en", "email", "s", null, "{{embedded name}}");
        TemplateRenderingException e = assertThrows(TemplateRenderingException.class,
                () -> service.preview("broken", "en", "{\"name\":\"Private Person\"}"));
        assertTrue(e.getMessage().startsWith("template cannot be applied"), e.getMessage());
        assertTrue(!e.getMessage().contains("Private"), e.getMessage());
    }
}
