package io.herald.application;

import io.herald.domain.model.user.Device;
import io.herald.domain.model.user.DeviceRegistration;
import io.herald.domain.model.user.Platform;
import io.herald.domain.model.user.User;
import io.herald.domain.model.user.UserDraft;
import io.herald.domain.model.user.UserPatch;
import io.herald.domain.model.user.UserRequestParser;
import io.herald.infrastructure.persistence.jpa.JpaUserRepository;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The user directory (issue 10): the people a caller sends to, with their address, language,
 * time zone, preferences and push devices. Each method is one transaction, or joins the
 * caller's (the delivery core calls {@link #find}, {@link #exists} and {@link #removeDevice}
 * inside its own).
 *
 * <p>Changes lock the user's row first ({@link JpaUserRepository#findForUpdate}), so concurrent
 * changes of one user, its devices included, take turns instead of failing an optimistic check.
 *
 * <p>Every user belongs to an {@code owner} (an API key's prefix or {@code jwt:<subject>}, as
 * for notifications) and every method takes it: one owner's users do not exist for another.
 * Who may act for which owner is the caller's decision (the REST layer: admins with
 * {@code ?owner=}). Nothing here logs ids, names, addresses or tokens.
 */
@Stateless
@LocalBean
@Local(UserDirectory.class)
public class UserService implements UserDirectory {

    /** The order of a user's devices, as {@link Device#FOR_USER} reads them. */
    private static final Comparator<Device> DEVICE_ORDER = Comparator
            .comparing(Device::getCreatedAt, OffsetDateTime.timeLineOrder()).thenComparing(Device::getTokenHash);

    @Inject
    private JpaUserRepository users;

    private final Clock clock = Clock.systemUTC();

    /**
     * Creates a user, with the devices the draft names (a token another user of the owner holds
     * moves to this one).
     *
     * @throws UserAlreadyExistsException if the owner has a user with this id, also when it was
     *                                    created by a concurrent request that committed first
     */
    public UserView create(String owner, UserDraft draft) {
        OffsetDateTime now = now();
        if (!users.addIfAbsent(User.create(owner, draft, now))) {
            throw new UserAlreadyExistsException();
        }
        User user = users.findForUpdate(owner, draft.id()).orElseThrow(() -> new IllegalStateException("a user just inserted"));
        List<Device> devices = draft.hasDevices() ? replaceDevices(owner, user.getId(), draft.devices(), now) : List.of();
        return UserView.of(user, devices);
    }

    /** The owner's user with this id, with its devices. */
    public Optional<UserView> get(String owner, String userId) {
        return users.find(owner, userId).map(u -> UserView.of(u, users.devices(owner, userId)));
    }

    /** Users of every owner with this id (at most {@code max}, by owner): for admins, who see all. */
    public List<UserView> findAnyOwner(String userId, int max) {
        return users.findAnyOwner(userId, max).stream().map(u -> UserView.of(u, users.devices(u.getOwner(), userId))).toList();
    }

    /**
     * Replaces every profile field of the owner's user (absent optional fields are cleared,
     * preferences default to true). Devices are replaced too when the draft names them, and
     * kept as they are when it does not. Empty if there is no such user.
     */
    public Optional<UserView> replace(String owner, UserDraft draft) {
        Optional<User> found = users.findForUpdate(owner, draft.id());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        User user = found.get();
        OffsetDateTime now = now();
        user.replace(draft, now);
        List<Device> devices = draft.hasDevices()
                ? replaceDevices(owner, user.getId(), draft.devices(), now)
                : users.devices(owner, user.getId());
        return Optional.of(UserView.of(user, devices));
    }

    /** Changes the fields the patch names, and only those. Empty if there is no such user. */
    public Optional<UserView> patch(String owner, String userId, UserPatch patch) {
        Optional<User> found = users.findForUpdate(owner, userId);
        found.ifPresent(u -> u.apply(patch, now()));
        return found.map(u -> UserView.of(u, users.devices(owner, userId)));
    }

    /** Deletes the owner's user and its devices. @return whether there was such a user */
    public boolean delete(String owner, String userId) {
        Optional<User> found = users.findForUpdate(owner, userId);
        found.ifPresent(users::remove);
        return found.isPresent();
    }

    /**
     * Registers a push device for the owner's user, idempotently: a token the user has is
     * refreshed ({@code last_seen_at}, platform), a token another user of the owner has moves to
     * this one, a new token becomes a new device. Empty if there is no such user.
     *
     * @throws TooManyDevicesException  if the user would have more than {@value UserRequestParser#MAX_DEVICES}
     * @throws IllegalArgumentException if the token is not valid ({@link UserRequestParser#isValidToken})
     */
    public Optional<DevicePut> putDevice(String owner, String userId, String token, Platform platform) {
        if (!UserRequestParser.isValidToken(token)) {
            throw new IllegalArgumentException("not a valid device token");
        }
        if (users.findForUpdate(owner, userId).isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime now = now();
        Optional<Device> existing = users.deviceForUpdate(owner, token);
        if (existing.isPresent()) {
            Device device = existing.get();
            boolean mine = device.belongsTo(userId);
            if (!mine) {
                requireRoomForOneMore(owner, userId);
            }
            device.registerAgain(userId, platform, now);
            return Optional.of(new DevicePut(mine ? DevicePut.Outcome.REFRESHED : DevicePut.Outcome.MOVED, DeviceView.of(device)));
        }
        requireRoomForOneMore(owner, userId);
        Device device = Device.register(owner, userId, new DeviceRegistration(token, platform), now);
        users.addDevice(device);
        return Optional.of(new DevicePut(DevicePut.Outcome.CREATED, DeviceView.of(device)));
    }

    /**
     * Removes a device of the owner's user. Joins the caller's transaction, if there is one (for
     * the delivery core, when a push service reports a token as no longer registered).
     *
     * @return whether the user had a device with this token
     */
    @Override
    public boolean removeDevice(String owner, String userId, String token) {
        if (token == null || !UserRequestParser.isValidToken(token)) {
            return false;
        }
        Optional<Device> device = users.device(owner, token).filter(d -> d.belongsTo(userId));
        device.ifPresent(users::removeDevice);
        return device.isPresent();
    }

    /**
     * What delivery needs of the owner's user: address, language, time zone, preferences and
     * devices. Joins the caller's transaction, if there is one.
     */
    @Override
    public Optional<UserProfile> find(String owner, String userId) {
        return get(owner, userId).map(UserProfile::of);
    }

    /** Whether the owner has a user with this id. Joins the caller's transaction, if there is one. */
    @Override
    public boolean exists(String owner, String userId) {
        return users.exists(owner, userId);
    }

    /** Makes the user's devices exactly these (request order kept for new ones); returns them in list order. */
    private List<Device> replaceDevices(String owner, String userId, List<DeviceRegistration> wanted, OffsetDateTime now) {
        Set<String> tokens = new HashSet<>();
        wanted.forEach(r -> tokens.add(r.token()));
        for (Device device : users.devices(owner, userId)) {
            if (!tokens.contains(device.getToken())) {
                users.removeDevice(device);
            }
        }
        List<Device> devices = new ArrayList<>();
        for (DeviceRegistration registration : wanted) {
            Optional<Device> existing = users.deviceForUpdate(owner, registration.token());
            Device device;
            if (existing.isPresent()) {
                device = existing.get();
                device.registerAgain(userId, registration.platform(), now);
            } else {
                device = Device.register(owner, userId, registration, now);
                users.addDevice(device);
            }
            devices.add(device);
        }
        devices.sort(DEVICE_ORDER);
        return devices;
    }

    private void requireRoomForOneMore(String owner, String userId) {
        if (users.countDevices(owner, userId) >= UserRequestParser.MAX_DEVICES) {
            throw new TooManyDevicesException(UserRequestParser.MAX_DEVICES);
        }
    }

    /** Microseconds, as PostgreSQL keeps them: what an answer shows is what a later read returns. */
    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
