package io.herald.interfaces.security;

import io.herald.domain.model.apikey.Scope;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which {@code groups}/{@code scope} claim values of an identity provider's tokens grant which
 * Herald role. Explicit and namespaced by default ({@code herald:send}, {@code herald:read},
 * {@code herald:admin}, {@code herald:users}), so a token that another application on a shared identity provider gets
 * with a generic group such as {@code admin} grants nothing here. Configured with
 * {@code herald.jwt.role-mapping}: comma-separated {@code <claim value>=<role>} pairs.
 */
public final class JwtRoleMapping {

    public static final String DEFAULT = "herald:send=send,herald:read=read,herald:admin=admin,herald:users=users,herald:webhook=webhook";

    private final Map<String, String> roleByClaimValue;

    private JwtRoleMapping(Map<String, String> roleByClaimValue) {
        this.roleByClaimValue = Map.copyOf(roleByClaimValue);
    }

    /** @throws IllegalArgumentException naming the bad entry */
    public static JwtRoleMapping parse(String text) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String value = eq < 0 ? "" : entry.substring(0, eq).strip();
            String role = eq < 0 ? "" : entry.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            if (value.isEmpty() || role.isEmpty()) {
                throw new IllegalArgumentException("herald.jwt.role-mapping entry '" + entry.strip()
                        + "' is not <claim value>=<role>");
            }
            Scope.parse(Set.of(role)); // only known roles
            mapping.put(value, role);
        }
        if (mapping.isEmpty()) {
            throw new IllegalArgumentException("herald.jwt.role-mapping maps no claim value to a role");
        }
        return new JwtRoleMapping(mapping);
    }

    /** The roles granted by these claim values; unmapped values grant nothing. */
    public Set<String> roles(Collection<String> claimValues) {
        Set<String> roles = new HashSet<>();
        for (String value : claimValues) {
            String role = roleByClaimValue.get(value);
            if (role != null) {
                roles.add(role);
            }
        }
        return roles;
    }
}
