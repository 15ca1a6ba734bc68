package io.herald.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * A local stand-in for Firebase Cloud Messaging and Google's OAuth2 token endpoint, for the
 * integration tests: a real HTTP server on 127.0.0.1 that the server under test reaches over
 * the network, speaking the FCM HTTP v1 protocol.
 *
 * <ul>
 * <li>It owns a service account (its own RSA key) and writes the service-account JSON file
 * ({@link #writeServiceAccount}) with {@code token_uri} pointing at itself.</li>
 * <li>{@code POST /token}: checks the {@code jwt-bearer} assertion as Google does (RS256
 * signature with the account's public key, issuer, audience, FCM scope, expiry, key id) and
 * issues a random bearer token; a bad assertion gets 400 {@code invalid_grant}.</li>
 * <li>{@code POST /v1/projects/{project}/messages:send}: a bearer token it did not issue (or
 * has revoked) gets 401 {@code UNAUTHENTICATED}; otherwise the message is recorded and answered
 * from the device token's script ({@link #script}), 200 once the script is used up.</li>
 * </ul>
 */
final class FcmServer implements AutoCloseable {

    static final String PROJECT = "herald-it";
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final Pattern SEND_PATH = Pattern.compile("/v1/projects/([^/]+)/messages:send");

    /** A message that got past authentication, what it contained, when, and the status it was answered with. */
    record Received(String token, String title, String body, Map<String, String> data, String image, Instant at, int status) {
        boolean accepted() {
            return status == 200;
        }
    }

    /** One scripted answer of the send endpoint. */
    record Answer(int status, String body, Map<String, String> headers) {
    }

    /** 200 with a message name (what an unscripted send gets). */
    static Answer ok() {
        return new Answer(200, null, Map.of());
    }

    /** 404 {@code UNREGISTERED}: the app was uninstalled, the token is dead. */
    static Answer unregistered() {
        return new Answer(404, error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED", null), Map.of());
    }

    /** 400 {@code INVALID_ARGUMENT} about {@code message.token}: not a registration token at all. */
    static Answer invalidToken() {
        return new Answer(400, error(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token",
                "INVALID_ARGUMENT", "message.token"), Map.of());
    }

    /** 403 {@code SENDER_ID_MISMATCH}: the token belongs to another project. */
    static Answer senderIdMismatch() {
        return new Answer(403, error(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH", null), Map.of());
    }

    /** 400 {@code INVALID_ARGUMENT} about the message's content: permanent for that message. */
    static Answer rejected() {
        return new Answer(400, error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", "INVALID_ARGUMENT",
                "message.data"), Map.of());
    }

    /** 503 {@code UNAVAILABLE} with {@code Retry-After: retryAfterSeconds}. */
    static Answer unavailable(int retryAfterSeconds) {
        return new Answer(503, error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE", null),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** 429 {@code QUOTA_EXCEEDED} with {@code Retry-After: retryAfterSeconds}. */
    static Answer quotaExceeded(int retryAfterSeconds) {
        return new Answer(429, error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", "QUOTA_EXCEEDED", null),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** 500 {@code INTERNAL}, no {@code Retry-After}. */
    static Answer internal() {
        return new Answer(500, error(500, "INTERNAL", "Internal error encountered.", "INTERNAL", null), Map.of());
    }

    /** 401 {@code UNAUTHENTICATED}, whatever the bearer token (as if it had expired early). */
    static Answer unauthenticated() {
        return new Answer(401, error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", null, null), Map.of());
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final String clientEmail = "herald-it@" + PROJECT + ".iam.gserviceaccount.com";
    private volatile KeyPair keys = rsaKeys();
    private volatile String keyId = UUID.randomUUID().toString().replace("-", "");
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger refusedAssertions = new AtomicInteger();
    private final AtomicInteger unauthorizedSends = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile long expiresIn = 3600;

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    FcmServer(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.createContext("/v1/", this::send);
        server.start();
    }

    FcmServer() {
        this(0);
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** What {@code herald.push.fcm.endpoint} must say. */
    String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    String tokenUri() {
        return endpoint() + "/token";
    }

    String clientEmail() {
        return clientEmail;
    }

    /** The service-account JSON for the current key, as Google writes it (PEM line breaks as \n escapes). */
    String serviceAccountJson() {
        KeyPair current = keys;
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(current.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return Json.createObjectBuilder()
                .add("type", "service_account")
                .add("project_id", PROJECT)
                .add("private_key_id", keyId)
                .add("private_key", pem)
                .add("client_email", clientEmail)
                .add("client_id", "100000000000000000001")
                .add("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .add("token_uri", tokenUri())
                .build().toString();
    }

    /**
     * Writes the service-account file (creating its directory), replacing it in one move so a
     * reader never sees half a file.
     */
    Path writeServiceAccount(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".service-account", ".tmp");
            Files.writeString(temp, serviceAccountJson());
            return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new key for the service account (a new key id): assertions signed with the old one are
     * refused from now on; tokens already issued stay valid unless {@link #revokeTokens()}.
     * Write the file again to hand the new key over.
     */
    void rotateKey() {
        keys = rsaKeys();
        keyId = UUID.randomUUID().toString().replace("-", "");
    }

    /** Every bearer token issued so far is refused from now on (401), as if expired. */
    void revokeTokens() {
        issuedTokens.clear();
    }

    /** How long issued tokens live ({@code expires_in}, seconds). */
    void expiresIn(long seconds) {
        expiresIn = seconds;
    }

    /** The next answers for messages to {@code deviceToken}, in order; {@link #ok()} once they are used up. */
    void script(String deviceToken, Answer... answers) {
        scripts.computeIfAbsent(deviceToken, t -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
    }

    // ---- what happened

    /** Every message that got past authentication, in arrival order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String deviceToken) {
        return received.stream().filter(r -> r.token().equals(deviceToken)).toList();
    }

    /** Messages to {@code deviceToken} answered with 200. */
    List<Received> delivered(String deviceToken) {
        return received.stream().filter(r -> r.token().equals(deviceToken) && r.accepted()).toList();
    }

    /** Waits (bounded) until {@code deviceToken} has received a message answered with 200, and returns the first. */
    Received awaitDelivered(String deviceToken, Duration timeout) {
        return Await.until("an accepted FCM message to " + deviceToken, timeout, () -> delivered(deviceToken),
                list -> !list.isEmpty()).get(0);
    }

    /** Waits (bounded) until {@code deviceToken} has received at least {@code count} messages, whatever the answers. */
    List<Received> awaitReceived(String deviceToken, int count, Duration timeout) {
        return Await.until(count + " FCM messages to " + deviceToken, timeout, () -> received(deviceToken),
                list -> list.size() >= count);
    }

    /** Waits (bounded) until at least {@code count} messages in all have been received. */
    List<Received> awaitReceived(int count, Duration timeout) {
        return Await.until(count + " FCM messages", timeout, this::received, list -> list.size() >= count);
    }

    /** Token requests so far, refused ones included. */
    int tokenRequests() {
        return tokenRequests.get();
    }

    /** Token requests refused with {@code invalid_grant}. */
    int refusedAssertions() {
        return refusedAssertions.get();
    }

    /** Sends refused with 401 because of their bearer token (scripted 401s are not counted). */
    int unauthorizedSends() {
        return unauthorizedSends.get();
    }

    // ---- the protocol

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            tokenRequests.incrementAndGet();
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(exchange.getRequestMethod()) || contentType == null
                    || !contentType.startsWith("application/x-www-form-urlencoded")) {
                respond(exchange, 400, "{\"error\":\"invalid_request\"}", Map.of());
                return;
            }
            if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
                respond(exchange, 400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid grant_type\"}", Map.of());
                return;
            }
            if (!validAssertion(form.get("assertion"))) {
                refusedAssertions.incrementAndGet();
                respond(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}", Map.of());
                return;
            }
            String token = "ya29.it-" + UUID.randomUUID();
            issuedTokens.add(token);
            respond(exchange, 200, Json.createObjectBuilder().add("access_token", token).add("expires_in", expiresIn)
                    .add("token_type", "Bearer").build().toString(), Map.of());
        }
    }

    private boolean validAssertion(String assertion) {
        if (assertion == null || assertion.isEmpty()) {
            return false;
        }
        try {
            JwtContext verified = new JwtConsumerBuilder()
                    .setVerificationKey(keys.getPublic())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setExpectedIssuer(clientEmail)
                    .setExpectedAudience(tokenUri())
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setMaxFutureValidityInMinutes(65)
                    .setAllowedClockSkewInSeconds(60)
                    .build()
                    .process(assertion);
            JwtClaims claims = verified.getJwtClaims();
            String kid = verified.getJoseObjects().get(0).getKeyIdHeaderValue();
            return SCOPE.equals(claims.getStringClaimValue("scope")) && (kid == null || kid.equals(keyId));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return false;
        }
    }

    private void send(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher path = SEND_PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                respond(exchange, 404, error(404, "NOT_FOUND", "Not found", null, null), Map.of());
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")
                    || !issuedTokens.contains(authorization.substring("Bearer ".length()))) {
                unauthorizedSends.incrementAndGet();
                respond(exchange, 401, unauthenticated().body(), Map.of("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\""));
                return;
            }
            if (!PROJECT.equals(path.group(1))) {
                respond(exchange, 403, error(403, "PERMISSION_DENIED", "Permission denied on project", null, null), Map.of());
                return;
            }
            JsonObject message;
            try (var reader = Json.createReader(new StringReader(body))) {
                message = reader.readObject().getJsonObject("message");
            } catch (RuntimeException e) {
                message = null;
            }
            if (message == null || !(message.get("token") instanceof JsonString token)) {
                respond(exchange, 400, error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", null, null), Map.of());
                return;
            }
            Deque<Answer> script = scripts.get(token.getString());
            Answer answer = script == null ? null : script.poll();
            if (answer == null) {
                answer = ok();
            }
            received.add(toReceived(token.getString(), message, answer.status()));
            String reply = answer.body() != null ? answer.body()
                    : "{\"name\":\"projects/" + PROJECT + "/messages/0:" + accepted.incrementAndGet() + "%" + Long.toHexString(System.nanoTime()) + "\"}";
            respond(exchange, answer.status(), reply, answer.headers());
        }
    }

    private static Received toReceived(String token, JsonObject message, int status) {
        JsonObject notification = message.get("notification") instanceof JsonObject n ? n : JsonValue.EMPTY_JSON_OBJECT;
        Map<String, String> data = new LinkedHashMap<>();
        if (message.get("data") instanceof JsonObject d) {
            d.forEach((k, v) -> data.put(k, v instanceof JsonString s ? s.getString() : v.toString()));
        }
        return new Received(token, text(notification, "title"), text(notification, "body"), Map.copyOf(data),
                text(notification, "image"), Instant.now(), status);
    }

    private static String text(JsonObject o, String field) {
        return o.get(field) instanceof JsonString s ? s.getString() : null;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** An FCM v1 error body ({@code google.rpc.Status} with FCM's details). */
    private static String error(int code, String status, String message, String errorCode, String violatedField) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("code", code).add("message", message).add("status", status);
        var details = Json.createArrayBuilder();
        if (errorCode != null) {
            details.add(Json.createObjectBuilder()
                    .add("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                    .add("errorCode", errorCode));
        }
        if (violatedField != null) {
            details.add(Json.createObjectBuilder()
                    .add("@type", "type.googleapis.com/google.rpc.BadRequest")
                    .add("fieldViolations", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("field", violatedField)
                            .add("description", message))));
        }
        error.add("details", details);
        return Json.createObjectBuilder().add("error", error).build().toString();
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
