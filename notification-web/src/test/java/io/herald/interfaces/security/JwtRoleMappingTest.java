package io.herald.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.herald.domain.model.apikey.Scope;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtRoleMappingTest {

    @Test
    void byDefaultOnlyNamespacedValuesGrantRoles() {
        JwtRoleMapping mapping = JwtRoleMapping.parse(JwtRoleMapping.DEFAULT);
        assertEquals(Set.of(), mapping.roles(List.of("admin", "send", "read", "openid", "HERALD:ADMIN")));
        assertEquals(Set.of("send", "admin"), mapping.roles(List.of("herald:send", "herald:admin", "other")));
        assertEquals(Set.of("users", "read"), mapping.roles(List.of("herald:users", "herald:read", "users")));
    }

    @Test
    void byDefaultEveryScopeCanBeGrantedToATokenAndEachOnlyByItsOwnValue() {
        JwtRoleMapping mapping = JwtRoleMapping.parse(JwtRoleMapping.DEFAULT);
        for (Scope scope : Scope.values()) {
            assertEquals(Set.of(scope.role()), mapping.roles(List.of("herald:" + scope.role())), scope.name());
        }
    }

    @Test
    void theUsersRoleCanBeMappedFromAnyClaimValue() {
        assertEquals(Set.of("users"), JwtRoleMapping.parse("directory-admins=users").roles(List.of("directory-admins")));
    }

    @Test
    void aConfiguredMappingReplacesTheDefault() {
        JwtRoleMapping mapping = JwtRoleMapping.parse(" notify-senders = send , ops=ADMIN,");
        assertEquals(Set.of("send", "admin"), mapping.roles(List.of("notify-senders", "ops", "herald:read")));
    }

    @Test
    void badMappingsAreRefused() {
        for (String bad : new String[] {"", " , ", "herald:send", "=send", "x=", "x=root"}) {
            assertThrows(IllegalArgumentException.class, () -> JwtRoleMapping.parse(bad), bad);
        }
    }
}
