package io.herald.infrastructure.push;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * OAuth2 access tokens for FCM by the service-account flow (RFC 7523): an RS256 JWT signed
 * with the account's key ({@code iss} the account, {@code aud} the token endpoint,
 * {@code scope} {@value #SCOPE}, valid for an hour) is exchanged at the token endpoint for a
 * bearer token. A token is reused until {@link #REFRESH_MARGIN} before it expires (or half its
 * lifetime, for short-lived ones), so a request never starts with a token about to lapse.
 *
 * <p>Thread-safe: readers share the cached token without locking; at most one thread fetches a
 * new one while the others wait for it. Tokens and assertions are never logged nor put in
 * exception messages.
 */
public final class FcmAccessTokens {

    /** The one scope FCM's send endpoint needs. */
    public static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** The longest lifetime Google accepts for an assertion. */
    static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    /** A cached token is replaced this long before it expires. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /** Google issues tokens for an hour; this is assumed when an answer omits {@code expires_in}. */
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,40}");

    private record Cached(String token, Instant refreshAt) {
    }

    private final FcmCredentials credentials;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final Object fetchLock = new Object();
    private volatile Cached cached;

    public FcmAccessTokens(FcmCredentials credentials, HttpClient http, Duration requestTimeout, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A valid access token: the cached one, or a new one from the token endpoint.
     *
     * @throws FcmUnavailableException the token endpoint could not be reached or refused the
     *                                 assertion (revoked or deleted key, unknown account, ...)
     */
    public String token() {
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.token();
        }
        synchronized (fetchLock) {
            current = cached;
            if (current != null && clock.instant().isBefore(current.refreshAt())) {
                return current.token();
            }
            Cached fresh = fetch();
            cached = fresh;
            return fresh.token();
        }
    }

    /** Forgets the cached token: the next {@link #token()} fetches a new one. */
    public void invalidate() {
        cached = null;
    }

    /**
     * Forgets the cached token if it still is {@code refused}, so that a request that failed with
     * an old token does not throw away a new one another thread has just fetched.
     */
    void invalidate(String refused) {
        synchronized (fetchLock) {
            Cached current = cached;
            if (current != null && current.token().equals(refused)) {
                cached = null;
            }
        }
    }

    private Cached fetch() {
        Instant now = clock.instant();
        String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion(now), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(credentials.tokenUri())
                .version(FcmHttp.versionFor(credentials.tokenUri()))
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.US_ASCII))
                .build();
        FcmHttp.Answer answer = FcmHttp.exchange(http, request, "FCM token request");
        Optional<JsonObject> json = answer.json();
        if (answer.status() != 200) {
            String error = json.map(o -> o.get("error")).filter(v -> v instanceof JsonString)
                    .map(v -> ((JsonString) v).getString()).filter(e -> ERROR_CODE.matcher(e).matches()).orElse(null);
            throw new FcmUnavailableException("FCM token endpoint answered " + answer.status() + (error == null ? "" : " " + error));
        }
        JsonObject body = json.orElseThrow(() -> new FcmUnavailableException("FCM token endpoint answered 200 without a JSON object"));
        JsonValue token = body.get("access_token");
        if (!(token instanceof JsonString text) || text.getString().isBlank()) {
            throw new FcmUnavailableException("FCM token endpoint answered 200 without an access_token");
        }
        JsonValue type = body.get("token_type");
        if (type instanceof JsonString t && !"bearer".equalsIgnoreCase(t.getString())) {
            throw new FcmUnavailableException("FCM token endpoint issued a token that is not a bearer token");
        }
        Duration lifetime = DEFAULT_LIFETIME;
        JsonValue expiresIn = body.get("expires_in");
        if (expiresIn instanceof JsonNumber seconds) {
            lifetime = Duration.ofSeconds(Math.max(0, seconds.longValue()));
        } else if (expiresIn instanceof JsonString seconds && seconds.getString().matches("\\d{1,9}")) {
            lifetime = Duration.ofSeconds(Long.parseLong(seconds.getString()));
        }
        // counted from when the request was made: the token's clock started no earlier
        Duration margin = REFRESH_MARGIN.compareTo(lifetime.dividedBy(2)) < 0 ? REFRESH_MARGIN : lifetime.dividedBy(2);
        return new Cached(text.getString(), now.plus(lifetime).minus(margin));
    }

    /** The signed JWT assertion, issued at {@code now}. */
    String assertion(Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(credentials.clientEmail());
        claims.setAudience(credentials.tokenUri().toString());
        claims.setStringClaim("scope", SCOPE);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(ASSERTION_LIFETIME).getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        if (credentials.privateKeyId() != null) {
            jws.setKeyIdHeaderValue(credentials.privateKeyId());
        }
        jws.setKey(credentials.privateKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            // jose4j's messages are about algorithms and key sizes, never the key itself
            throw new FcmUnavailableException("FCM assertion cannot be signed: " + e.getClass().getSimpleName(), e);
        }
    }
}
