package io.herald.domain.model.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A push device of a {@link User}: the token a push service gave the app on that device, and
 * its platform. A token is unique per owner: it belongs to one user at a time, and registering
 * it for another user of the same owner moves it (a phone changed hands, or someone else logged
 * in). The row is keyed by the SHA-256 of the token ({@link #hashOf}), since tokens may be longer
 * than a database index entry can be (V9__users.sql).
 *
 * <p>The token addresses a person's device: it is personal data and never appears in a log line
 * or an exception message.
 */
@Entity(name = "UserDevice")
@Table(name = "user_device")
@IdClass(DeviceKey.class)
@NamedQuery(name = Device.FOR_USER, query = "SELECT d FROM UserDevice d WHERE d.owner = :owner AND d.userId = :userId"
        + " ORDER BY d.createdAt, d.tokenHash")
@NamedQuery(name = Device.COUNT_FOR_USER,
        query = "SELECT COUNT(d.tokenHash) FROM UserDevice d WHERE d.owner = :owner AND d.userId = :userId")
public class Device {

    public static final String FOR_USER = "UserDevice.forUser";
    public static final String COUNT_FOR_USER = "UserDevice.countForUser";

    @Id
    @Column(name = "owner", nullable = false, updatable = false)
    private String owner;

    @Id
    @Column(name = "token_hash", nullable = false, updatable = false)
    private String tokenHash;

    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(name = "token", nullable = false, updatable = false)
    private String token;

    @Column(name = "platform", nullable = false)
    private String platform;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "last_seen_at", nullable = false)
    private OffsetDateTime lastSeenAt;

    protected Device() {
        // for JPA
    }

    /** A token registered for the first time (for this owner). */
    public static Device register(String owner, String userId, DeviceRegistration registration, OffsetDateTime now) {
        if (!UserRequestParser.isValidToken(registration.token())) {
            throw new IllegalArgumentException("not a valid device token");
        }
        Device device = new Device();
        device.owner = Objects.requireNonNull(owner, "owner");
        device.userId = Objects.requireNonNull(userId, "userId");
        device.token = registration.token();
        device.tokenHash = hashOf(registration.token());
        device.platform = registration.platform().wireName();
        device.createdAt = now;
        device.lastSeenAt = now;
        return device;
    }

    /** The key of a token's row: lower-case hex SHA-256 of its UTF-8 bytes. */
    public static String hashOf(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    public boolean belongsTo(String someUserId) {
        return userId.equals(someUserId);
    }

    /**
     * The token was registered again: it is in use now, on this platform, for this user. Moving
     * it from another user makes it a new device of this one ({@code created_at} starts over).
     */
    public void registerAgain(String forUserId, Platform newPlatform, OffsetDateTime now) {
        if (!belongsTo(forUserId)) {
            userId = Objects.requireNonNull(forUserId, "forUserId");
            createdAt = now;
        }
        platform = newPlatform.wireName();
        lastSeenAt = now;
    }

    public String getOwner() { return owner; }
    public String getUserId() { return userId; }
    public String getToken() { return token; }
    public String getTokenHash() { return tokenHash; }
    public Platform getPlatform() {
        return Platform.fromWireName(platform).orElseThrow(() -> new IllegalStateException("unknown platform in the database"));
    }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getLastSeenAt() { return lastSeenAt; }

    @Override
    public String toString() {
        return "Device[owner=" + owner + ", platform=" + platform + "]";
    }
}
