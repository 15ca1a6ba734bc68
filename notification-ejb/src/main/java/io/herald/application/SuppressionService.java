package io.herald.application;

import io.herald.domain.model.notification.Redaction;
import io.herald.domain.model.suppression.Suppression;
import io.herald.domain.model.suppression.SuppressionReason;
import io.herald.infrastructure.logging.Log;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The suppression list: addresses that get no more mail (of a category, or any). Every email is
 * checked against it when it is delivered ({@link DeliveryTracker}); operators manage it through
 * the admin API, and bounce and unsubscribe handling add to it. Addresses are compared in their
 * lower-cased form ({@link Redaction#erasureKey}).
 */
@Stateless
public class SuppressionService {

    private static final Log LOG = Log.of(SuppressionService.class);

    @Inject
    private SuppressionRepository suppressions;

    /**
     * Adds an entry; adding one that exists changes nothing.
     *
     * @return the entry and whether it is new
     * @throws IllegalArgumentException when the address is not valid
     */
    public Added add(String address, SuppressionReason reason, String category, String source) {
        String key = key(address);
        boolean created = suppressions.addIfAbsent(new Suppression(key, reason, category, source, OffsetDateTime.now(ZoneOffset.UTC)));
        Suppression entry = suppressions.find(key, reason, category)
                .orElseThrow(() -> new IllegalStateException("suppression vanished"));
        if (created) {
            LOG.info(() -> "AUDIT suppression added: " + reason + " " + (category == null ? "all categories" : category)
                    + " for " + Redaction.auditReference(key) + " (source " + source + ")");
        }
        return new Added(entry, created);
    }

    /** The first entry that blocks mail of this category to the address, if any. */
    public Optional<Suppression> blocking(String address, String category) {
        Optional<String> key = Redaction.erasureKey(address);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return suppressions.forAddress(key.get()).stream().filter(s -> s.blocks(category)).findFirst();
    }

    /**
     * The suppression list as it stands for these addresses, read with one query: for checking a
     * chunk of a batch. An address outside the set is looked up on its own.
     */
    public Check checkFor(java.util.Collection<String> addresses) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        addresses.forEach(a -> Redaction.erasureKey(a).ifPresent(keys::add));
        java.util.Map<String, List<Suppression>> entries = new java.util.HashMap<>();
        for (Suppression s : suppressions.forAddresses(keys)) {
            entries.computeIfAbsent(s.getAddress(), k -> new java.util.ArrayList<>()).add(s);
        }
        return (address, category) -> {
            Optional<String> key = Redaction.erasureKey(address);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            if (!keys.contains(key.get())) {
                return blocking(address, category);
            }
            return entries.getOrDefault(key.get(), List.of()).stream().filter(s -> s.blocks(category)).findFirst();
        };
    }

    /** Whether mail of a category to an address is blocked, and by which entry. */
    @FunctionalInterface
    public interface Check {
        Optional<Suppression> blocking(String address, String category);
    }

    public List<Suppression> page(String address, SuppressionReason reason, int offset, int limit) {
        return suppressions.page(address == null ? null : key(address), reason, offset, limit);
    }

    /**
     * Removes an address's entries: all of them ({@code category} null), those for every category
     * ({@code ""}), or those of one category.
     */
    public int remove(String address, String category) {
        String key = key(address);
        int removed = suppressions.remove(key, category);
        if (removed > 0) {
            LOG.info(() -> "AUDIT " + removed + " suppression(s) removed for " + Redaction.auditReference(key));
        }
        return removed;
    }

    private static String key(String address) {
        return Redaction.erasureKey(address).orElseThrow(() -> new IllegalArgumentException("not a valid email address"));
    }

    /** An entry of the list and whether this add created it. */
    public record Added(Suppression suppression, boolean created) {
    }
}
