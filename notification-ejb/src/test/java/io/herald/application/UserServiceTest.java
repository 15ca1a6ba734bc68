package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.user.Device;
import io.herald.domain.model.user.DeviceRegistration;
import io.herald.domain.model.user.Platform;
import io.herald.domain.model.user.User;
import io.herald.domain.model.user.UserDraft;
import io.herald.domain.model.user.UserPatch;
import io.herald.domain.model.user.UserRequestParser;
import io.herald.infrastructure.persistence.jpa.JpaUserRepository;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service's rules over an in-memory repository; the SQL and the transactions are UsersIT's. */
class UserServiceTest {

    private static final String OWNER = "hk_owner001";
    private static final String OTHER_OWNER = "hk_owner002";

    /** The repository's contract, kept in maps (devices by owner and token, as the database keys them). */
    static final class InMemoryUsers extends JpaUserRepository {
        final Map<List<String>, User> users = new LinkedHashMap<>();
        final Map<List<String>, Device> devices = new LinkedHashMap<>();

        @Override public Optional<User> find(String owner, String id) { return Optional.ofNullable(users.get(List.of(owner, id))); }
        @Override public Optional<User> findForUpdate(String owner, String id) { return find(owner, id); }
        @Override public boolean exists(String owner, String id) { return users.containsKey(List.of(owner, id)); }
        @Override public List<User> findAnyOwner(String id, int max) {
            return users.values().stream().filter(u -> u.getId().equals(id)).limit(max).toList();
        }
        @Override public boolean addIfAbsent(User user) {
            return users.putIfAbsent(List.of(user.getOwner(), user.getId()), user) == null;
        }
        @Override public void remove(User user) {
            users.remove(List.of(user.getOwner(), user.getId()));
            devices.values().removeIf(d -> d.getOwner().equals(user.getOwner()) && d.belongsTo(user.getId()));
        }
        @Override public List<Device> devices(String owner, String userId) {
            return devices.values().stream().filter(d -> d.getOwner().equals(owner) && d.belongsTo(userId))
                    .sorted(Comparator.comparing(Device::getCreatedAt).thenComparing(Device::getTokenHash)).toList();
        }
        @Override public long countDevices(String owner, String userId) { return devices(owner, userId).size(); }
        @Override public Optional<Device> device(String owner, String token) {
            return Optional.ofNullable(devices.get(List.of(owner, Device.hashOf(token))));
        }
        @Override public Optional<Device> deviceForUpdate(String owner, String token) { return device(owner, token); }
        @Override public void addDevice(Device device) {
            if (!exists(device.getOwner(), device.getUserId())) {
                throw new IllegalStateException("foreign key");
            }
            if (devices.putIfAbsent(List.of(device.getOwner(), device.getTokenHash()), device) != null) {
                throw new IllegalStateException("duplicate key");
            }
        }
        @Override public void removeDevice(Device device) { devices.remove(List.of(device.getOwner(), device.getTokenHash())); }
        @Override public int deleteByErasureKey(String key) { throw new UnsupportedOperationException(); }
    }

    private InMemoryUsers repository;
    private UserService service;

    @BeforeEach
    void setUp() throws ReflectiveOperationException {
        repository = new InMemoryUsers();
        service = new UserService();
        Field field = UserService.class.getDeclaredField("users");
        field.setAccessible(true);
        field.set(service, repository);
    }

    private static UserDraft draft(String id, List<DeviceRegistration> devices) {
        return new UserDraft(id, "Ann", "ann@example.com", "pt-BR", "Europe/Lisbon", true, false, devices);
    }

    private static DeviceRegistration device(String token, Platform platform) {
        return new DeviceRegistration(token, platform);
    }

    private List<String> tokens(String owner, String userId) {
        return repository.devices(owner, userId).stream().map(Device::getToken).toList();
    }

    @Test
    void aUserIsCreatedOncePerOwner() {
        UserView created = service.create(OWNER, draft("u1", List.of(device("t1", Platform.IOS))));
        assertEquals("u1", created.id());
        assertEquals(OWNER, created.owner());
        assertEquals(1, created.devices().size());
        assertEquals(created.createdAt(), created.devices().get(0).createdAt());
        assertThrows(UserAlreadyExistsException.class, () -> service.create(OWNER, draft("u1", null)));
        // another owner has its own namespace, and the same token is another device there
        assertEquals(1, service.create(OTHER_OWNER, draft("u1", List.of(device("t1", Platform.IOS)))).devices().size());
        assertEquals(List.of("t1"), tokens(OWNER, "u1"));
        assertTrue(service.get(OTHER_OWNER, "u2").isEmpty());
        assertEquals(2, service.findAnyOwner("u1", 10).size());
    }

    @Test
    void aReplaceKeepsTheDevicesUnlessItNamesThem() {
        service.create(OWNER, draft("u1", List.of(device("t1", Platform.IOS), device("t2", Platform.ANDROID))));
        UserView replaced = service.replace(OWNER, new UserDraft("u1", null, null, null, null, false, true, null)).orElseThrow();
        assertNull(replaced.name());
        assertNull(replaced.email());
        assertFalse(replaced.emailEnabled());
        assertEquals(2, replaced.devices().size(), "no devices in the draft: kept");

        replaced = service.replace(OWNER, draft("u1", List.of(device("t2", Platform.WEB), device("t3", Platform.IOS)))).orElseThrow();
        assertEquals(List.of("t2", "t3"), replaced.devices().stream().map(DeviceView::token).sorted().toList());
        assertEquals(Platform.WEB, replaced.devices().stream().filter(d -> d.token().equals("t2")).findFirst().orElseThrow().platform());
        assertTrue(repository.device(OWNER, "t1").isEmpty(), "t1 was dropped");
        assertEquals(List.of(), service.replace(OWNER, draft("u1", List.of())).orElseThrow().devices());
        assertTrue(service.replace(OWNER, draft("nobody", null)).isEmpty());
    }

    @Test
    void aPatchChangesOnlyWhatItNames() {
        UserView created = service.create(OWNER, draft("u1", List.of(device("t1", Platform.IOS))));
        UserView patched = service.patch(OWNER, "u1", new UserPatch(null, UserPatch.Value.of(null), UserPatch.Value.of("en"),
                null, null, true)).orElseThrow();
        assertEquals("Ann", patched.name());
        assertNull(patched.email());
        assertEquals("en", patched.language());
        assertEquals("Europe/Lisbon", patched.timezone());
        assertTrue(patched.emailEnabled());
        assertTrue(patched.pushEnabled());
        assertEquals(1, patched.devices().size());
        assertEquals(created.createdAt(), patched.createdAt());
        assertTrue(service.patch(OWNER, "nobody", new UserPatch(null, null, null, null, null, null)).isEmpty());
        assertTrue(service.patch(OTHER_OWNER, "u1", new UserPatch(null, null, null, null, null, null)).isEmpty());
    }

    @Test
    void aDeviceIsCreatedRefreshedAndMovedBetweenUsersOfOneOwner() throws InterruptedException {
        service.create(OWNER, draft("u1", null));
        service.create(OWNER, draft("u2", null));
        DevicePut created = service.putDevice(OWNER, "u1", "fcm:t1", Platform.ANDROID).orElseThrow();
        assertEquals(DevicePut.Outcome.CREATED, created.outcome());
        Thread.sleep(2);
        DevicePut refreshed = service.putDevice(OWNER, "u1", "fcm:t1", Platform.ANDROID).orElseThrow();
        assertEquals(DevicePut.Outcome.REFRESHED, refreshed.outcome());
        assertEquals(created.device().createdAt(), refreshed.device().createdAt());
        assertTrue(refreshed.device().lastSeenAt().isAfter(created.device().lastSeenAt()));

        DevicePut moved = service.putDevice(OWNER, "u2", "fcm:t1", Platform.WEB).orElseThrow();
        assertEquals(DevicePut.Outcome.MOVED, moved.outcome());
        assertTrue(moved.outcome().isNewForUser());
        assertEquals(List.of(), tokens(OWNER, "u1"));
        assertEquals(List.of("fcm:t1"), tokens(OWNER, "u2"));
        assertEquals(Platform.WEB, service.find(OWNER, "u2").orElseThrow().devices().get(0).platform());

        assertTrue(service.putDevice(OWNER, "nobody", "fcm:t2", Platform.IOS).isEmpty());
        assertTrue(service.putDevice(OTHER_OWNER, "u1", "fcm:t2", Platform.IOS).isEmpty(), "another owner's user does not exist");
        assertThrows(IllegalArgumentException.class, () -> service.putDevice(OWNER, "u1", "a/b", Platform.IOS));
    }

    @Test
    void aCreateTakesTokensFromOtherUsersOfTheOwner() {
        service.create(OWNER, draft("u1", List.of(device("t1", Platform.IOS), device("t2", Platform.IOS))));
        service.create(OWNER, draft("u2", List.of(device("t2", Platform.ANDROID))));
        assertEquals(List.of("t1"), tokens(OWNER, "u1"));
        assertEquals(List.of("t2"), tokens(OWNER, "u2"));
    }

    @Test
    void aUserHasAtMostAHundredDevices() {
        List<DeviceRegistration> hundred = new ArrayList<>();
        for (int i = 0; i < UserRequestParser.MAX_DEVICES; i++) {
            hundred.add(device("t" + i, Platform.IOS));
        }
        service.create(OWNER, draft("u1", hundred));
        service.create(OWNER, draft("u2", List.of(device("elsewhere", Platform.IOS))));
        assertThrows(TooManyDevicesException.class, () -> service.putDevice(OWNER, "u1", "one-more", Platform.IOS));
        assertThrows(TooManyDevicesException.class, () -> service.putDevice(OWNER, "u1", "elsewhere", Platform.IOS));
        assertEquals(DevicePut.Outcome.REFRESHED, service.putDevice(OWNER, "u1", "t5", Platform.IOS).orElseThrow().outcome());
        assertEquals(UserRequestParser.MAX_DEVICES, repository.countDevices(OWNER, "u1"));
    }

    @Test
    void removingADeviceNeedsItsUser() {
        service.create(OWNER, draft("u1", List.of(device("t1", Platform.IOS))));
        service.create(OWNER, draft("u2", null));
        assertFalse(service.removeDevice(OWNER, "u2", "t1"), "u2 does not have it");
        assertFalse(service.removeDevice(OTHER_OWNER, "u1", "t1"));
        assertFalse(service.removeDevice(OWNER, "u1", null));
        assertTrue(service.removeDevice(OWNER, "u1", "t1"));
        assertFalse(service.removeDevice(OWNER, "u1", "t1"), "already gone");
    }

    @Test
    void deletingAUserDeletesItsDevices() {
        service.create(OWNER, draft("u1", List.of(device("t1", Platform.IOS))));
        assertTrue(service.exists(OWNER, "u1"));
        assertTrue(service.delete(OWNER, "u1"));
        assertFalse(service.exists(OWNER, "u1"));
        assertFalse(service.delete(OWNER, "u1"));
        assertTrue(repository.device(OWNER, "t1").isEmpty());
    }

    @Test
    void theDeliveryProfileCarriesWhatDeliveryNeedsAndPrintsNoneOfIt() {
        service.create(OWNER, draft("secret-user", List.of(device("secret-token", Platform.IOS))));
        UserProfile profile = service.find(OWNER, "secret-user").orElseThrow();
        assertEquals("secret-user", profile.id());
        assertEquals("ann@example.com", profile.email());
        assertEquals("pt-BR", profile.language());
        assertEquals("Europe/Lisbon", profile.zone().orElseThrow().getId());
        assertTrue(profile.emailEnabled());
        assertFalse(profile.pushEnabled());
        assertEquals("secret-token", profile.devices().get(0).token());
        assertThrows(UnsupportedOperationException.class, () -> profile.devices().clear());
        for (String text : List.of(profile.toString(), profile.devices().toString(),
                service.get(OWNER, "secret-user").orElseThrow().toString())) {
            for (String secret : List.of("secret-user", "secret-token", "ann@", "Ann", "Lisbon", "pt-BR")) {
                assertFalse(text.contains(secret), text);
            }
        }
        assertTrue(service.find(OTHER_OWNER, "secret-user").isEmpty());
    }
}
