package io.herald.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtIdentityStoreTest {

    private static JwtIdentityStore withLocation(String location, String roleMapping) {
        JwtIdentityStore store = new JwtIdentityStore();
        store.publicKey = Optional.empty();
        store.publicKeyLocation = Optional.of(location);
        store.issuer = Optional.of("https://idp.example");
        store.audiences = Optional.empty();
        store.algorithm = "RS256";
        store.clockSkewSeconds = 60;
        store.roleMappingText = roleMapping;
        store.configure();
        return store;
    }

    @Test
    void aJwksLocationMustBeHttpsOrAFile() {
        assertTrue(withLocation("https://idp.example/jwks", JwtRoleMapping.DEFAULT).acceptsTokens());
        for (String refused : new String[] {"http://idp.example/jwks", "HTTP://idp.example/jwks", "ftp://idp.example/jwks",
                "jar:http://idp.example/x.jar!/jwks"}) {
            assertFalse(withLocation(refused, JwtRoleMapping.DEFAULT).acceptsTokens(), refused);
        }
    }

    @Test
    void anInvalidRoleMappingRefusesTokensInsteadOfGuessing() {
        assertFalse(withLocation("https://idp.example/jwks", "admin").acceptsTokens());
    }
}
