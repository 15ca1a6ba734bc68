package io.herald.domain.model.apikey;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What an API key may do. Role names in {@code @RolesAllowed} are the lower-case names. */
public enum Scope {
    /** Submit notifications. */
    SEND,
    /** Read notification status and templates. */
    READ,
    /** Templates, dead letters, queues, API keys. */
    ADMIN;

    public String role() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the unknown scope */
    public static Set<Scope> parse(Iterable<String> names) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names) {
            try {
                scopes.add(Scope.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown scope '" + name + "'; use send, read or admin");
            }
        }
        return scopes;
    }
}
