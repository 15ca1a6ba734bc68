package io.herald.application;

import io.herald.domain.model.template.Template;
import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The newest active version of each template (per code and language), served from memory.
 *
 * <p><b>Freshness.</b> An entry is read again from the store once it is older than
 * {@code herald.templates.cache-ttl-seconds} (default 30; 0 reads the store on every lookup), so
 * a version published on another instance is used here within that time. A publish through
 * {@link TemplateService} on this instance invalidates its entry as soon as the publishing
 * transaction has committed ({@link TemplatePublished}, observed after success), so this
 * instance uses the new version at once. An entry that has merely expired is read again by one
 * thread while the others keep answering with it (no stampede of store reads on a hot template);
 * an invalidated entry is never answered from memory.
 *
 * <p><b>Fallback.</b> When the store cannot be read (a {@link jakarta.persistence.PersistenceException}
 * or any other runtime exception from the repository), the last version this instance knew is
 * returned, marked {@link TemplateLookup#fallback()}. With nothing known there is nothing to fall
 * back to: {@link TemplateStoreUnavailableException}, a transient failure. While the store
 * fails, each lookup of the template tries it again; the first success ends the fallback. The
 * first fallback of a template is logged (code, language, version and exception classes only).
 *
 * <p><b>Transactions.</b> {@link #lookup} runs {@code @Transactional(NOT_SUPPORTED)}: the
 * caller's transaction (for example a delivery attempt's) is suspended and the store is read
 * without one. A database error inside a JTA transaction marks it rollback-only, and the caller's
 * work (the attempt it has counted, the row it has locked) would then be lost however well the
 * fallback worked; outside any transaction the failed read dooms nothing, and the caller's
 * transaction is resumed untouched whatever the lookup returns or throws. {@code REQUIRES_NEW}
 * would protect the caller as well, but would start an XA transaction for a single read. The
 * cost is a second pooled connection, held only for that read, while the caller holds its own:
 * reads happen once per template per TTL (or after a publish), not per notification.
 *
 * <p>A CDI bean rather than an EJB singleton: the invalidation is observed after the publishing
 * transaction has completed, where a plain method call is safe and an EJB invocation (with its
 * own transaction handling) is not. Lookups never wait for each other; the maps are concurrent.
 * Unknown codes are remembered too (an empty result) while fewer than {@link #MAX_ENTRIES}
 * entries exist, so a stream of made-up codes cannot grow the memory without bound.
 */
@ApplicationScoped
public class TemplateCatalog {

    public static final String TTL_PROPERTY = "herald.templates.cache-ttl-seconds";
    public static final long DEFAULT_TTL_SECONDS = 30;
    /** Above this many entries, lookups of unknown templates are no longer remembered. */
    static final int MAX_ENTRIES = 10_000;

    private static final Log LOG = Log.of(TemplateCatalog.class);

    @Inject
    private TemplateRepository store;

    @Inject
    @ConfigProperty(name = TTL_PROPERTY, defaultValue = "" + DEFAULT_TTL_SECONDS)
    long ttlSeconds;

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Keys whose expired entry one thread is reading again right now. */
    private final Set<Key> refreshing = ConcurrentHashMap.newKeySet();
    /** Counts invalidations, so a read that overlapped one is not taken as fresh. */
    private final AtomicLong invalidations = new AtomicLong();
    private LongSupplier nanoClock = System::nanoTime;
    private long ttlNanos;

    /** For the container. */
    public TemplateCatalog() {
    }

    /** For tests: a store, a TTL and a clock in nanoseconds. */
    TemplateCatalog(TemplateRepository store, Duration ttl, LongSupplier nanoClock) {
        this.store = store;
        this.ttlNanos = Math.max(0, ttl.toNanos());
        this.nanoClock = nanoClock;
    }

    @PostConstruct
    void configure() {
        if (ttlSeconds < 0) {
            LOG.warning(TTL_PROPERTY + " is negative; using 0 (every lookup reads the store)");
        }
        ttlNanos = Duration.ofSeconds(Math.max(0, ttlSeconds)).toNanos();
    }

    /**
     * The newest active version of a template in a language, from memory while fresh.
     *
     * @throws TemplateStoreUnavailableException when the store cannot be read and this instance
     *         never knew a version of the template
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public TemplateLookup lookup(String code, String language) {
        Key key = new Key(code, language);
        Entry entry = entries.get(key);
        if (entry != null && !entry.stale() && nanoClock.getAsLong() - entry.readAt() < ttlNanos) {
            return TemplateLookup.current(entry.template());
        }
        boolean mine = refreshing.add(key);
        if (!mine && entry != null && !entry.stale()) {
            // expired, and another thread is reading it again: answer with what we have meanwhile
            return TemplateLookup.current(entry.template());
        }
        try {
            return read(key);
        } finally {
            if (mine) {
                refreshing.remove(key);
            }
        }
    }

    /** Forgets the cached version of a template (the last known one stays for fallbacks). */
    public void invalidate(String code, String language) {
        entries.compute(new Key(code, language), (k, old) -> {
            invalidations.incrementAndGet();
            return old == null ? null : old.invalidated();
        });
    }

    /** A version was published through this instance and its transaction committed. */
    public void published(@Observes(during = TransactionPhase.AFTER_SUCCESS) TemplatePublished event) {
        invalidate(event.code(), event.language());
    }

    private TemplateLookup read(Key key) {
        long invalidationsBefore = invalidations.get();
        Optional<Template> found;
        try {
            found = store.latest(key.code(), key.language());
        } catch (RuntimeException e) {
            return fallback(key, e);
        }
        long readAt = nanoClock.getAsLong();
        Entry previous = entries.get(key);
        entries.compute(key, (k, old) -> {
            if (found.isEmpty() && old == null && entries.size() >= MAX_ENTRIES) {
                return null;
            }
            // an invalidation during the read may have committed a newer version than the one read
            return new Entry(found, readAt, invalidations.get() != invalidationsBefore, false);
        });
        if (previous != null && previous.failing()) {
            LOG.info(() -> "templates are readable again ('" + key.code() + "' (" + key.language() + "))");
        }
        return TemplateLookup.current(found);
    }

    private TemplateLookup fallback(Key key, RuntimeException e) {
        Entry last = entries.get(key);
        if (last == null || last.template().isEmpty()) {
            throw new TemplateStoreUnavailableException(key.code(), key.language(), e);
        }
        Template template = last.template().get();
        if (!last.failing()) {
            entries.computeIfPresent(key, (k, old) -> old.failing() ? old : old.withFailing());
            LOG.warning(() -> "templates cannot be read (" + Log.causeClasses(e) + "); '" + key.code() + "' ("
                    + key.language() + ") falls back to the last known version " + template.getVersion());
        }
        return TemplateLookup.fallback(template);
    }

    private record Key(String code, String language) {
    }

    /**
     * One template's last read: what the store answered, when, whether it must be read again
     * regardless of its age ({@code stale}), and whether the store is failing for it (so the
     * fallback is logged once, not per lookup).
     */
    private record Entry(Optional<Template> template, long readAt, boolean stale, boolean failing) {

        Entry invalidated() {
            return new Entry(template, readAt, true, failing);
        }

        Entry withFailing() {
            return new Entry(template, readAt, stale, true);
        }
    }
}
