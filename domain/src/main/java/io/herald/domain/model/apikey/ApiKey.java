package io.herald.domain.model.apikey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An API key. The key itself ({@code hk_<8 chars>_<43 chars>}: 32 random bytes after the
 * prefix) is shown once, when it is created; only its SHA-256 hash is stored, next to the
 * visible prefix that identifies it in lists and logs. Rotation is: create a new key, move
 * clients, revoke the old one.
 */
@Entity
@Table(name = "api_key")
@NamedQuery(name = ApiKey.BY_PREFIX, query = "SELECT k FROM ApiKey k WHERE k.prefix = :prefix")
@NamedQuery(name = ApiKey.ALL, query = "SELECT k FROM ApiKey k ORDER BY k.id")
@NamedQuery(name = ApiKey.COUNT, query = "SELECT COUNT(k) FROM ApiKey k")
public class ApiKey {

    public static final String BY_PREFIX = "ApiKey.byPrefix";
    public static final String ALL = "ApiKey.all";
    public static final String COUNT = "ApiKey.count";
    public static final int MIN_KEY_LENGTH = 32;
    public static final int MAX_KEY_LENGTH = 200;
    /** RFC 6750's b64token alphabet: what a bearer credential can be. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile(
            "[A-Za-z0-9._~+/-]{" + MIN_KEY_LENGTH + "," + MAX_KEY_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "prefix", nullable = false, updatable = false)
    private String prefix;

    @Column(name = "key_hash", nullable = false, updatable = false)
    private String keyHash;

    @Column(name = "name", nullable = false, updatable = false)
    private String name;

    @Column(name = "scopes", nullable = false, updatable = false)
    private String scopes;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "last_used_at")
    private OffsetDateTime lastUsedAt;

    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    @Column(name = "rate_per_second")
    private Integer ratePerSecond;

    @Column(name = "rate_burst")
    private Integer rateBurst;

    protected ApiKey() {
        // for JPA
    }

    /** A new key and, once only, its plain text. */
    public record Issued(ApiKey key, String plainText) {
        @Override
        public String toString() {
            return "Issued[" + key.getPrefix() + "]";
        }
    }

    public static Issued issue(String name, Set<Scope> scopes, OffsetDateTime now) {
        StringBuilder id = new StringBuilder("hk_");
        for (int i = 0; i < 8; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String plain = id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(of(plain, name, scopes, now), plain);
    }

    /** Registers a key chosen by the operator (bootstrap); at least 32 characters. */
    public static ApiKey of(String plainText, String name, Set<Scope> scopes, OffsetDateTime now) {
        if (!hasValidFormat(plainText)) {
            throw new IllegalArgumentException("an API key has " + MIN_KEY_LENGTH + " to " + MAX_KEY_LENGTH
                    + " characters of letters, digits and ._~+/-");
        }
        ApiKey key = new ApiKey();
        key.prefix = prefixOf(plainText);
        key.keyHash = hash(plainText);
        key.name = name;
        key.scopes = scopes.stream().map(Scope::role).sorted().collect(Collectors.joining(","));
        key.createdAt = now;
        return key;
    }

    /**
     * Whether a presented credential can be a key at all ({@value #MIN_KEY_LENGTH} to
     * {@value #MAX_KEY_LENGTH} characters of RFC 6750's token alphabet): anything else is refused
     * without a database lookup.
     */
    public static boolean hasValidFormat(String presented) {
        return presented != null && FORMAT.matcher(presented).matches();
    }

    /** The visible part of a presented key, used to look it up. */
    public static String prefixOf(String plainText) {
        return plainText.substring(0, Math.min(11, plainText.length()));
    }

    public static String hash(String plainText) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plainText.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** Constant-time check of a presented key against this one; revoked keys never match. */
    public boolean matches(String plainText) {
        boolean same = MessageDigest.isEqual(keyHash.getBytes(StandardCharsets.US_ASCII),
                hash(plainText).getBytes(StandardCharsets.US_ASCII));
        return same && revokedAt == null;
    }

    /** Records use, at most once a minute, so authentication does not write on every request. */
    public boolean touch(OffsetDateTime now) {
        if (lastUsedAt == null || Duration.between(lastUsedAt, now).toSeconds() >= 60) {
            lastUsedAt = now;
            return true;
        }
        return false;
    }

    public void revoke(OffsetDateTime now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    /** This key's own rate limit; empty means the server default applies. */
    public Optional<RateLimit> rateLimit() {
        return ratePerSecond == null || rateBurst == null ? Optional.empty()
                : Optional.of(new RateLimit(ratePerSecond, rateBurst));
    }

    /** Sets this key's own rate limit, or {@code null} for the server default. */
    public void limitTo(RateLimit limit) {
        ratePerSecond = limit == null ? null : limit.perSecond();
        rateBurst = limit == null ? null : limit.burst();
    }

    public Set<Scope> scopes() {
        return scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : Scope.parse(Arrays.asList(scopes.split(",")));
    }

    public Long getId() { return id; }
    public String getPrefix() { return prefix; }
    public String getName() { return name; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getLastUsedAt() { return lastUsedAt; }
    public OffsetDateTime getRevokedAt() { return revokedAt; }
    public boolean isRevoked() { return revokedAt != null; }
}
