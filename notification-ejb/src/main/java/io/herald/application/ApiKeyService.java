package io.herald.application;

import io.herald.infrastructure.logging.Log;
import io.herald.domain.model.apikey.ApiKey;
import io.herald.domain.model.apikey.RateLimit;
import io.herald.domain.model.apikey.Scope;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issues, lists, revokes and checks API keys. Checking looks a key up by its visible prefix and
 * compares hashes in constant time; an unknown prefix costs the same hash work, so timing does
 * not reveal which keys exist.
 */
@Stateless
public class ApiKeyService {

    private static final Log LOG = Log.of(ApiKeyService.class);
    private static final ApiKey DECOY = ApiKey.of("hk_decoy___" + "0".repeat(40), "decoy", Set.of(), now());

    @PersistenceContext(unitName = "notification")
    private EntityManager em;

    /** The scopes of a valid, unrevoked key; empty for anything else. */
    public Optional<Authenticated> authenticate(String presented) {
        if (!ApiKey.hasValidFormat(presented)) {
            return Optional.empty(); // cannot be a key: no database round trip
        }
        Optional<ApiKey> found = byPrefix(ApiKey.prefixOf(presented));
        ApiKey key = found.orElse(DECOY);
        if (!key.matches(presented) || found.isEmpty()) {
            return Optional.empty();
        }
        key.touch(now());
        return Optional.of(new Authenticated(key.getPrefix(), key.scopes(), key.rateLimit().orElse(null)));
    }

    /** Issues a key; {@code limit} {@code null} means the server's default rate limit. */
    public ApiKey.Issued issue(String name, Set<Scope> scopes, RateLimit limit) {
        ApiKey.Issued issued = ApiKey.issue(name, scopes, now());
        issued.key().limitTo(limit);
        em.persist(issued.key());
        LOG.info(() -> "AUDIT api key " + issued.key().getPrefix() + " issued with scopes " + scopes
                + (limit == null ? "" : " and rate limit " + limit));
        return issued;
    }

    /** Changes a key's rate limit ({@code null}: back to the default); empty if there is no such key. */
    public Optional<ApiKey> limit(String prefix, RateLimit limit) {
        Optional<ApiKey> key = byPrefix(prefix);
        key.ifPresent(k -> {
            k.limitTo(limit);
            LOG.info(() -> "AUDIT api key " + prefix + " rate limit set to " + (limit == null ? "default" : limit));
        });
        return key;
    }

    public List<ApiKey> list() {
        return em.createNamedQuery(ApiKey.ALL, ApiKey.class).getResultList();
    }

    /** @return whether a key with that prefix existed */
    public boolean revoke(String prefix) {
        Optional<ApiKey> key = byPrefix(prefix);
        key.ifPresent(k -> {
            k.revoke(now());
            LOG.info(() -> "AUDIT api key " + prefix + " revoked");
        });
        return key.isPresent();
    }

    public long count() {
        return em.createNamedQuery(ApiKey.COUNT, Long.class).getSingleResult();
    }

    /** Registers an operator-chosen key (bootstrap). */
    public void register(ApiKey key) {
        em.persist(key);
    }

    private Optional<ApiKey> byPrefix(String prefix) {
        return em.createNamedQuery(ApiKey.BY_PREFIX, ApiKey.class).setParameter("prefix", prefix)
                .getResultStream().findFirst();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** A caller that presented a valid key. */
    public record Authenticated(String prefix, Set<Scope> scopes, RateLimit rateLimit) {
    }
}
