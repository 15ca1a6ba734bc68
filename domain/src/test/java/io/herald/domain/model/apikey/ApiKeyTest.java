package io.herald.domain.model.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    @Test
    void issuedKeysAreLongRandomAndMatchOnlyThemselves() {
        ApiKey.Issued a = ApiKey.issue("a", EnumSet.of(Scope.SEND), NOW);
        ApiKey.Issued b = ApiKey.issue("b", EnumSet.of(Scope.SEND), NOW);
        assertTrue(a.plainText().matches("hk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}"), a.plainText());
        assertNotEquals(a.plainText(), b.plainText());
        assertEquals(a.plainText().substring(0, 11), a.key().getPrefix());
        assertTrue(a.key().matches(a.plainText()));
        assertFalse(a.key().matches(b.plainText()));
        assertFalse(a.key().matches(a.plainText() + "x"));
        assertFalse(a.toString().contains(a.plainText()));
    }

    @Test
    void revokedKeysNeverMatch() {
        ApiKey.Issued k = ApiKey.issue("k", EnumSet.of(Scope.READ), NOW);
        k.key().revoke(NOW);
        assertFalse(k.key().matches(k.plainText()));
    }

    @Test
    void scopesRoundTripAndUnknownOnesAreRejected() {
        ApiKey k = ApiKey.of("x".repeat(40), "ops", EnumSet.of(Scope.ADMIN, Scope.READ), NOW);
        assertEquals(EnumSet.of(Scope.ADMIN, Scope.READ), k.scopes());
        assertEquals(Set.of(Scope.SEND), Scope.parse(List.of(" Send ")));
        assertEquals(Set.of(Scope.USERS, Scope.READ), Scope.parse(List.of("users", "READ")));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Scope.parse(List.of("root")));
        assertEquals("unknown scope 'root'; use send, read, admin, users or webhook", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiKey.of("short", "x", EnumSet.of(Scope.SEND), NOW));
    }

    @Test
    void lastUseIsRecordedAtMostOnceAMinute() {
        ApiKey k = ApiKey.of("y".repeat(40), "k", EnumSet.of(Scope.SEND), NOW);
        assertTrue(k.touch(NOW));
        assertFalse(k.touch(NOW.plusSeconds(30)));
        assertTrue(k.touch(NOW.plusSeconds(61)));
    }

    @Test
    void onlyTokensOfTheBearerAlphabetAndLengthHaveAKeysFormat() {
        assertTrue(ApiKey.hasValidFormat(ApiKey.issue("x", EnumSet.of(Scope.SEND), NOW).plainText()));
        assertTrue(ApiKey.hasValidFormat("hk_itadmin0_integration-test-admin-key-0123456789abcdef"));
        for (String bad : new String[] {null, "", "x".repeat(31), "x".repeat(201), "hk_abc defghijklmnopqrstuvwxyz0123456789",
                "hk_abcdefgh_" + "é".repeat(40), "hk_abcdefgh_" + "x".repeat(40) + "\n", "hk_abcdefgh_" + "x".repeat(40) + "'"}) {
            assertFalse(ApiKey.hasValidFormat(bad), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> ApiKey.of("hk_has space" + "x".repeat(40), "x", EnumSet.of(Scope.SEND), NOW));
    }
}
