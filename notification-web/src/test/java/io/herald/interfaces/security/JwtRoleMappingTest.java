package io.herald.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtRoleMappingTest {

    @Test
    void byDefaultOnlyNamespacedValuesGrantRoles() {
        JwtRoleMapping mapping = JwtRoleMapping.parse(JwtRoleMapping.DEFAULT);
        assertEquals(Set.of(), mapping.roles(List.of("admin", "send", "read", "openid", "HERALD:ADMIN")));
        assertEquals(Set.of("send", "admin"), mapping.roles(List.of("herald:send", "herald:admin", "other")));
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
