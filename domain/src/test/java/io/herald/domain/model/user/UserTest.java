package io.herald.domain.model.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2025, 11, 13, 10, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime T1 = T0.plusHours(1);

    private static UserDraft draft(String id) {
        return new UserDraft(id, "Ann", "ann@example.com", "en", "Europe/Lisbon", false, true, List.of());
    }

    @Test
    void aReplaceSetsEveryProfileFieldAndKeepsTheCreationTime() {
        User user = User.create("hk_owner", draft("u1"), T0);
        assertEquals("hk_owner", user.getOwner());
        assertEquals("u1", user.getId());
        assertFalse(user.isEmailEnabled());
        assertEquals(T0, user.getCreatedAt());
        user.replace(new UserDraft("u1", null, null, null, null, true, true, null), T1);
        assertNull(user.getName());
        assertNull(user.getEmail());
        assertNull(user.getTimezone());
        assertTrue(user.isEmailEnabled());
        assertEquals(T0, user.getCreatedAt());
        assertEquals(T1, user.getUpdatedAt());
        assertThrows(IllegalArgumentException.class, () -> user.replace(draft("u2"), T1));
    }

    @Test
    void aPatchChangesOnlyWhatItNames() {
        User user = User.create("hk_owner", draft("u1"), T0);
        user.apply(new UserPatch(UserPatch.Value.of("Bea"), UserPatch.Value.of(null), null, null, null, false), T1);
        assertEquals("Bea", user.getName());
        assertNull(user.getEmail());
        assertEquals("en", user.getLanguage());
        assertEquals("Europe/Lisbon", user.getTimezone());
        assertFalse(user.isEmailEnabled(), "unchanged");
        assertFalse(user.isPushEnabled());
        assertEquals(T1, user.getUpdatedAt());
    }

    @Test
    void devicesAreKeyedByTheSha256OfTheirToken() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Device.hashOf("abc"));
        Device d = Device.register("hk_owner", "u1", new DeviceRegistration("abc", Platform.IOS), T0);
        assertEquals(Device.hashOf("abc"), d.getTokenHash());
        assertEquals(Platform.IOS, d.getPlatform());
        assertThrows(IllegalArgumentException.class,
                () -> Device.register("hk_owner", "u1", new DeviceRegistration("a b", Platform.IOS), T0));
    }

    @Test
    void registeringATokenAgainRefreshesItOrMovesItToAnotherUser() {
        Device d = Device.register("hk_owner", "u1", new DeviceRegistration("abc", Platform.IOS), T0);
        d.registerAgain("u1", Platform.IOS, T1);
        assertTrue(d.belongsTo("u1"));
        assertEquals(T0, d.getCreatedAt());
        assertEquals(T1, d.getLastSeenAt());

        OffsetDateTime t2 = T1.plusHours(1);
        d.registerAgain("u2", Platform.ANDROID, t2);
        assertTrue(d.belongsTo("u2"));
        assertFalse(d.belongsTo("u1"));
        assertEquals(Platform.ANDROID, d.getPlatform());
        assertEquals(t2, d.getCreatedAt(), "a new device of u2");
        assertEquals(t2, d.getLastSeenAt());
        assertFalse(d.toString().contains("abc"), d.toString());
    }
}
