package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.template.Template;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TemplateCatalogTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    /** A template store in memory that counts its reads and fails on demand. */
    static final class FakeStore implements TemplateRepository {
        final Map<String, Template> newest = new HashMap<>();
        RuntimeException failure;
        Runnable duringRead = () -> { };
        int reads;

        @Override
        public Optional<Template> latest(String code, String language) {
            reads++;
            duringRead.run();
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(newest.get(code + "/" + language));
        }

        @Override
        public int maxVersion(String code, String language) {
            Template t = newest.get(code + "/" + language);
            return t == null ? 0 : t.getVersion();
        }

        @Override
        public void add(Template template) {
            newest.put(template.getCode() + "/" + template.getLanguage(), template);
        }

        Template put(String code, int version) {
            Template t = new Template(code, "en", version, "email", "s" + version, null, "t", OffsetDateTime.now());
            add(t);
            return t;
        }
    }

    private final FakeStore store = new FakeStore();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TemplateCatalog catalog = new TemplateCatalog(store, TTL, nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aFreshEntryIsServedFromMemory() {
        Template v1 = store.put("welcome", 1);
        TemplateLookup first = catalog.lookup("welcome", "en");
        advance(TTL.minusMillis(1));
        TemplateLookup second = catalog.lookup("welcome", "en");
        assertSame(v1, first.template().orElseThrow());
        assertSame(v1, second.template().orElseThrow());
        assertFalse(second.fallback());
        assertEquals(1, store.reads);
        assertTrue(catalog.lookup("welcome", "de").template().isEmpty(), "another language is another template");
        assertEquals(2, store.reads);
    }

    @Test
    void anExpiredEntryIsReadAgainSoOtherInstancesPublishesAreSeen() {
        store.put("welcome", 1);
        catalog.lookup("welcome", "en");
        Template v2 = store.put("welcome", 2); // published elsewhere: nobody told this catalog
        assertEquals(1, catalog.lookup("welcome", "en").template().orElseThrow().getVersion(), "within the TTL");
        advance(TTL);
        assertSame(v2, catalog.lookup("welcome", "en").template().orElseThrow());
        assertEquals(2, store.reads);
        catalog.lookup("welcome", "en");
        assertEquals(2, store.reads, "fresh again after the read");
    }

    @Test
    void aPublishOnThisInstanceInvalidatesItsEntry() {
        store.put("welcome", 1);
        catalog.lookup("welcome", "en");
        catalog.lookup("other", "en");
        Template v2 = store.put("welcome", 2);
        catalog.published(new TemplatePublished("welcome", "en", 2));
        assertSame(v2, catalog.lookup("welcome", "en").template().orElseThrow());
        assertEquals(3, store.reads);
        catalog.lookup("welcome", "en");
        catalog.lookup("other", "en");
        assertEquals(3, store.reads, "other keys and the re-read entry stay cached");
    }

    @Test
    void publishingThroughTheServiceInvalidatesOnceCommitted() {
        TemplateService service = new TemplateService(store, new TemplateRenderer(), catalog,
                new TemplateServiceTest.DeliveringEvent<>(catalog::published));
        service.publish("welcome", "en", "email", "Hi", null, "v1");
        assertEquals(1, service.latest("welcome", "en").orElseThrow().getVersion());
        service.publish("welcome", "en", "email", "Hi", null, "v2");
        assertEquals(2, service.latest("welcome", "en").orElseThrow().getVersion(), "no TTL to wait for");
    }

    @Test
    void unknownTemplatesAreRememberedUntilTheTtl() {
        assertTrue(catalog.lookup("nothing", "en").template().isEmpty());
        assertTrue(catalog.lookup("nothing", "en").template().isEmpty());
        assertEquals(1, store.reads);
        store.put("nothing", 1);
        advance(TTL);
        assertTrue(catalog.lookup("nothing", "en").template().isPresent());
    }

    @Test
    void whenTheStoreFailsTheLastKnownVersionIsAFallback() {
        Template v1 = store.put("welcome", 1);
        catalog.lookup("welcome", "en");
        advance(TTL);
        store.failure = new PersistenceException("connection refused");
        TemplateLookup fallback = catalog.lookup("welcome", "en");
        assertTrue(fallback.fallback());
        assertSame(v1, fallback.template().orElseThrow());
        assertTrue(catalog.lookup("welcome", "en").fallback(), "still failing: still the fallback");
        assertEquals(3, store.reads, "each lookup tries the store again while it fails");

        store.failure = null;
        Template v2 = store.put("welcome", 2);
        TemplateLookup recovered = catalog.lookup("welcome", "en");
        assertFalse(recovered.fallback());
        assertSame(v2, recovered.template().orElseThrow());
    }

    @Test
    void anInvalidatedEntryIsStillAFallback() {
        Template v1 = store.put("welcome", 1);
        catalog.lookup("welcome", "en");
        catalog.invalidate("welcome", "en");
        store.failure = new IllegalStateException("any runtime exception of the repository");
        TemplateLookup lookup = catalog.lookup("welcome", "en");
        assertTrue(lookup.fallback());
        assertSame(v1, lookup.template().orElseThrow());
    }

    @Test
    void withNothingKnownAFailingStoreIsAnError() {
        store.failure = new PersistenceException("down");
        TemplateStoreUnavailableException e = assertThrows(TemplateStoreUnavailableException.class,
                () -> catalog.lookup("welcome", "en"));
        assertSame(store.failure, e.getCause());

        store.failure = null;
        assertTrue(catalog.lookup("gone", "en").template().isEmpty());
        advance(TTL);
        store.failure = new PersistenceException("down");
        assertThrows(TemplateStoreUnavailableException.class, () -> catalog.lookup("gone", "en"),
                "knowing that a template did not exist is no version to fall back to");
    }

    @Test
    void aReadThatOverlapsAnInvalidationIsNotTakenAsFresh() {
        store.put("welcome", 1);
        // the publishing transaction commits while this read is under way
        store.duringRead = () -> {
            store.duringRead = () -> { };
            catalog.invalidate("welcome", "en");
        };
        catalog.lookup("welcome", "en");
        catalog.lookup("welcome", "en");
        assertEquals(2, store.reads, "the overlapped read is used once, then read again");
        catalog.lookup("welcome", "en");
        assertEquals(2, store.reads);
    }

    @Test
    void whileOneLookupReadsAnExpiredEntryOthersAnswerFromMemory() {
        Template v1 = store.put("welcome", 1);
        catalog.lookup("welcome", "en");
        advance(TTL);
        TemplateLookup[] meanwhile = new TemplateLookup[1];
        store.duringRead = () -> {
            store.duringRead = () -> { };
            meanwhile[0] = catalog.lookup("welcome", "en");
        };
        store.put("welcome", 2);
        assertEquals(2, catalog.lookup("welcome", "en").template().orElseThrow().getVersion());
        assertSame(v1, meanwhile[0].template().orElseThrow());
        assertFalse(meanwhile[0].fallback());
        assertEquals(2, store.reads, "one read for the expired entry, not two");
    }

    @Test
    void aZeroTtlReadsEveryTimeButStillFallsBack() {
        TemplateCatalog uncached = new TemplateCatalog(store, Duration.ZERO, nanos::get);
        Template v1 = store.put("welcome", 1);
        uncached.lookup("welcome", "en");
        uncached.lookup("welcome", "en");
        assertEquals(2, store.reads);
        store.failure = new PersistenceException("down");
        assertSame(v1, uncached.lookup("welcome", "en").template().orElseThrow());
    }

    @Test
    void madeUpCodesCannotGrowTheCatalogWithoutBound() {
        for (int i = 0; i < TemplateCatalog.MAX_ENTRIES; i++) {
            catalog.lookup("unknown-" + i, "en");
        }
        int reads = store.reads;
        catalog.lookup("one-more", "en");
        catalog.lookup("one-more", "en");
        assertEquals(reads + 2, store.reads, "not remembered once full");
        store.put("real", 1);
        catalog.lookup("real", "en");
        catalog.lookup("real", "en");
        assertEquals(reads + 3, store.reads, "existing templates are still cached");
    }
}
