package io.herald.application;

import io.herald.domain.model.suppression.Suppression;
import io.herald.domain.model.suppression.SuppressionReason;
import java.util.List;
import java.util.Optional;

/** Where the suppression list is kept; runs in the caller's transaction. */
public interface SuppressionRepository {

    /** Every entry for an address (its lower-cased form). */
    List<Suppression> forAddress(String address);

    /** Every entry for these addresses (lower-cased forms). */
    List<Suppression> forAddresses(java.util.Collection<String> addresses);

    /** The entry for this address, reason and category (null: all), if any. */
    Optional<Suppression> find(String address, SuppressionReason reason, String category);

    /** Stores an entry unless that address, reason and category is there already; whether it was new. */
    boolean addIfAbsent(Suppression suppression);

    /** A page, newest first, optionally of one address and / or reason. */
    List<Suppression> page(String address, SuppressionReason reason, int offset, int limit);

    /** Removes an address's entries (of one category when given, "" for the all-categories ones); how many. */
    int remove(String address, String category);
}
