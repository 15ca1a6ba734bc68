package io.herald.domain.model.user;

import java.util.Locale;
import java.util.Optional;

/** Where a push device token comes from, and so which push service delivers to it. */
public enum Platform {
    ANDROID,
    IOS,
    WEB;

    /** The lower-case name used in requests, answers and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Exactly {@code android}, {@code ios} or {@code web}; anything else is empty. */
    public static Optional<Platform> fromWireName(String name) {
        for (Platform p : values()) {
            if (p.wireName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
