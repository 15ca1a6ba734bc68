package io.herald.infrastructure.push;

import io.herald.infrastructure.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends one message to one device through the FCM HTTP v1 API
 * ({@code POST {endpoint}/v1/projects/{project}/messages:send}) with an access token from
 * {@link FcmAccessTokens}, and classifies FCM's answer into an {@link FcmResult}:
 *
 * <ul>
 * <li>200: {@link FcmResult.Accepted} with the message name FCM gave it;</li>
 * <li>404 {@code UNREGISTERED}, 403 {@code SENDER_ID_MISMATCH}, 400 {@code INVALID_ARGUMENT}
 * with a field violation on {@code message.token} (or FCM's documented "not a valid FCM
 * registration token" text): {@link FcmResult.TokenInvalid};</li>
 * <li>other 4xx about the message: {@link FcmResult.Rejected};</li>
 * <li>429, 5xx: {@link FcmResult.Transient}, with FCM's {@code Retry-After} (seconds or
 * HTTP-date) when it sent one;</li>
 * <li>401: the access token is dropped and the request repeated once with a new one; a second
 * 401, a 401 {@code THIRD_PARTY_AUTH_ERROR} (APNs or web-push credentials, which a new token
 * does not change), a 403 other than {@code SENDER_ID_MISMATCH} or a 404 other than
 * {@code UNREGISTERED} (wrong project): {@link FcmResult.Unavailable}.</li>
 * </ul>
 *
 * No answer at all (connection refused, timeouts, reset) and any failure to get an access token
 * throw {@link FcmUnavailableException}. A plain class, usable and testable without a container;
 * thread-safe.
 */
public final class FcmClient {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://fcm.googleapis.com");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    static final String FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    static final String BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest";
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.]{1,64}");
    private static final int MAX_NAME_LENGTH = 256;

    private final FcmCredentials credentials;
    private final URI sendUri;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final FcmAccessTokens tokens;

    /** With the default timeouts and an HTTP client of its own. */
    public FcmClient(FcmCredentials credentials, URI endpoint) {
        this(credentials, endpoint, httpClient(DEFAULT_CONNECT_TIMEOUT), DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param http           a client made by {@link #httpClient(Duration)} (or alike): shared,
     *                       it keeps connections to FCM open between sends
     * @param requestTimeout how long one request may wait for FCM's answer (also for the token endpoint)
     */
    public FcmClient(FcmCredentials credentials, URI endpoint, HttpClient http, Duration requestTimeout) {
        this(credentials, endpoint, http, requestTimeout, Clock.systemUTC());
    }

    FcmClient(FcmCredentials credentials, URI endpoint, HttpClient http, Duration requestTimeout, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.sendUri = sendUri(Objects.requireNonNull(endpoint, "endpoint"), credentials.projectId());
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = new FcmAccessTokens(credentials, http, requestTimeout, clock);
    }

    /** An HTTP client for FCM and the token endpoint: the given connect timeout, no redirects. */
    public static HttpClient httpClient(Duration connectTimeout) {
        return FcmHttp.client(connectTimeout);
    }

    static URI sendUri(URI endpoint, String projectId) {
        String scheme = endpoint.getScheme();
        if (!endpoint.isAbsolute() || endpoint.getHost() == null
                || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("FCM endpoint must be an absolute http(s) URL");
        }
        String base = endpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/v1/projects/" + projectId + "/messages:send");
    }

    public FcmCredentials credentials() {
        return credentials;
    }

    /** The access tokens this client uses (e.g. to {@link FcmAccessTokens#invalidate()} them). */
    public FcmAccessTokens accessTokens() {
        return tokens;
    }

    /**
     * Sends {@code message} to its device.
     *
     * @throws FcmUnavailableException no answer from FCM, or no access token
     */
    public FcmResult send(FcmMessage message) {
        String body = payload(message);
        String token = tokens.token();
        FcmHttp.Answer answer = post(token, body);
        if (answer.status() == 401) {
            Problem first = Problem.of(answer);
            if ("THIRD_PARTY_AUTH_ERROR".equals(first.errorCode())) {
                return new FcmResult.Unavailable(reason(401, first.code()));
            }
            tokens.invalidate(token);
            answer = post(tokens.token(), body);
            if (answer.status() == 401) {
                return new FcmResult.Unavailable(reason(401, Problem.of(answer).code()));
            }
        }
        return classify(answer, clock.instant());
    }

    private FcmHttp.Answer post(String accessToken, String body) {
        HttpRequest request = HttpRequest.newBuilder(sendUri)
                .version(FcmHttp.versionFor(sendUri))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return FcmHttp.exchange(http, request, "FCM send");
    }

    /** The v1 request body: {@code {"message":{"token":..,"notification":{..},"data":{..}}}}. */
    static String payload(FcmMessage message) {
        JsonObjectBuilder m = Jsons.JSON.createObjectBuilder().add("token", message.token());
        if (message.title() != null || message.body() != null || message.image() != null) {
            JsonObjectBuilder notification = Jsons.JSON.createObjectBuilder();
            if (message.title() != null) {
                notification.add("title", message.title());
            }
            if (message.body() != null) {
                notification.add("body", message.body());
            }
            if (message.image() != null) {
                notification.add("image", message.image());
            }
            m.add("notification", notification);
        }
        if (!message.data().isEmpty()) {
            JsonObjectBuilder data = Jsons.JSON.createObjectBuilder();
            message.data().forEach(data::add);
            m.add("data", data);
        }
        return Jsons.JSON.createObjectBuilder().add("message", m).build().toString();
    }

    /** Classifies any answer but a first 401 (which {@link #send} handles). */
    static FcmResult classify(FcmHttp.Answer answer, Instant now) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            String name = answer.json().map(o -> o.get("name")).filter(v -> v instanceof JsonString)
                    .map(v -> ((JsonString) v).getString()).filter(n -> !n.isBlank() && n.length() <= MAX_NAME_LENGTH
                            && n.chars().allMatch(c -> c > ' ' && c < 127))
                    .orElse("accepted");
            return new FcmResult.Accepted(name);
        }
        Problem problem = Problem.of(answer);
        String reason = reason(status, problem.code());
        String errorCode = problem.errorCode();
        if ("UNREGISTERED".equals(errorCode) || "SENDER_ID_MISMATCH".equals(errorCode)) {
            return new FcmResult.TokenInvalid(reason);
        }
        if (status == 400 && (problem.violates("message.token") || problem.saysTokenIsInvalid())) {
            return new FcmResult.TokenInvalid(reason + " message.token");
        }
        if (status == 429 || status >= 500 || "QUOTA_EXCEEDED".equals(errorCode)
                || "UNAVAILABLE".equals(errorCode) || "INTERNAL".equals(errorCode)) {
            return new FcmResult.Transient(reason, retryAfter(answer, now).orElse(null));
        }
        if (status == 401 || status == 403 || status == 404) {
            return new FcmResult.Unavailable(reason);
        }
        if (status >= 400) {
            return new FcmResult.Rejected(reason);
        }
        // 1xx and 3xx (redirects are not followed): nothing FCM documents; try again later
        return new FcmResult.Transient(reason, retryAfter(answer, now).orElse(null));
    }

    static String reason(int status, String code) {
        return "FCM " + status + (code == null ? "" : " " + code);
    }

    /** {@code Retry-After} as delay-seconds or HTTP-date, relative to {@code now}; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(FcmHttp.Answer answer, Instant now) {
        Optional<String> header = answer.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty() || header.get().isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.chars().allMatch(Character::isDigit)) {
            if (value.length() > 9) {
                return Optional.of(Duration.ofSeconds(999_999_999));
            }
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The parts of an FCM v1 error answer that are safe to act on and to repeat: the status
     * ({@code NOT_FOUND}), the FCM error code ({@code UNREGISTERED}) and the names of violated
     * fields, and whether FCM's text is its documented invalid-token message. FCM's free text and
     * field descriptions are never repeated.
     */
    record Problem(String status, String errorCode, java.util.List<String> fields, boolean saysTokenIsInvalid) {

        /**
         * FCM's documented text for a malformed token. Some invalid-token answers carry no
         * {@code BadRequest} detail, only this message; it is matched, never repeated.
         */
        static final String INVALID_TOKEN_TEXT = "not a valid FCM registration token";

        static Problem of(FcmHttp.Answer answer) {
            JsonObject error = answer.json().map(o -> o.get("error")).filter(v -> v instanceof JsonObject)
                    .map(JsonValue::asJsonObject).orElse(null);
            if (error == null) {
                return new Problem(null, null, java.util.List.of(), false);
            }
            String status = code(error.get("status"));
            String errorCode = null;
            java.util.List<String> fields = new java.util.ArrayList<>();
            JsonValue details = error.get("details");
            if (details instanceof JsonArray list) {
                for (JsonValue detail : list) {
                    if (!(detail instanceof JsonObject d)) {
                        continue;
                    }
                    String type = d.get("@type") instanceof JsonString t ? t.getString() : "";
                    if (type.equals(FCM_ERROR_TYPE) && errorCode == null) {
                        errorCode = code(d.get("errorCode"));
                    } else if (type.equals(BAD_REQUEST_TYPE) && d.get("fieldViolations") instanceof JsonArray violations) {
                        for (JsonValue violation : violations) {
                            if (violation instanceof JsonObject v && v.get("field") instanceof JsonString field
                                    && FIELD.matcher(field.getString()).matches()) {
                                fields.add(field.getString());
                            }
                        }
                    }
                }
            }
            boolean invalidToken = error.get("message") instanceof JsonString text && text.getString().contains(INVALID_TOKEN_TEXT);
            return new Problem(status, errorCode, java.util.List.copyOf(fields), invalidToken);
        }

        private static String code(JsonValue value) {
            return value instanceof JsonString s && CODE.matcher(s.getString()).matches() ? s.getString() : null;
        }

        /** The most specific code: FCM's error code, else the status. */
        String code() {
            return errorCode != null ? errorCode : status;
        }

        boolean violates(String field) {
            return fields.contains(field);
        }
    }
}
