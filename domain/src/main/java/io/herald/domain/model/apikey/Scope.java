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
    /** Templates, dead letters, queues, API keys; every caller's notifications and users. */
    ADMIN,
    /** Manage the caller's own user directory: users and their push devices. */
    USERS,
    /** Report bounces and complaints from a mail provider ({@code POST /api/v1/webhooks/bounces}). */
    WEBHOOK;

    /** The role names, in declaration order, for messages: {@code send, read, admin, users or webhook}. */
    public static String roleList() {
        StringBuilder out = new StringBuilder();
        Scope[] all = values();
        for (int i = 0; i < all.length; i++) {
            out.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].role());
        }
        return out.toString();
    }

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
                throw new IllegalArgumentException("unknown scope '" + name + "'; use " + roleList());
            }
        }
        return scopes;
    }
}
