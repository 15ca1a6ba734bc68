package io.herald.infrastructure.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.infrastructure.json.Jsons;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * FCM and Google's token endpoint on 127.0.0.1, for the unit tests: {@code POST /token} checks
 * the service-account assertion (RS256 signature with the account's public key, issuer,
 * audience, scope, lifetime, key id) and issues bearer tokens; {@code POST
 * /v1/projects/{project}/messages:send} checks the bearer token and answers from a script
 * (default 200), recording every request it received.
 */
final class FakeFcm implements AutoCloseable {

    static final String PROJECT = "herald-test";

    /** A service account this server knows. */
    record Account(String clientEmail, String keyId, KeyPair keys) {
    }

    /** One request to the send endpoint: the bearer token it carried and its JSON body. */
    record SendRequest(String authorization, JsonObject body) {
        JsonObject message() {
            return body.getJsonObject("message");
        }
    }

    /** A scripted answer. */
    record Reply(int status, String body, Map<String, String> headers, CountDownLatch holdUntil) {
        static Reply of(int status, String body) {
            return new Reply(status, body, Map.of(), null);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, h, holdUntil);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> tokenRequestIssuers = new CopyOnWriteArrayList<>();
    private final List<String> assertionProblems = new CopyOnWriteArrayList<>();
    private final List<SendRequest> sends = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    private final Deque<Reply> tokenScript = new ConcurrentLinkedDeque<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile long expiresIn = 3600;

    FakeFcm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.createContext("/v1/", this::send);
        server.start();
    }

    static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String tokenUri() {
        return endpoint() + "/token";
    }

    /** Makes {@code account} known to the token endpoint. */
    void trust(Account account) {
        accounts.put(account.clientEmail(), account);
    }

    /** The service-account JSON for {@code account}, as Google writes it (PEM line breaks escaped as \n). */
    String serviceAccountJson(Account account) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(account.keys().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        var json = Jsons.JSON.createObjectBuilder()
                .add("type", "service_account")
                .add("project_id", PROJECT)
                .add("private_key", pem)
                .add("client_email", account.clientEmail())
                .add("client_id", "1234567890")
                .add("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .add("token_uri", tokenUri());
        if (account.keyId() != null) {
            json.add("private_key_id", account.keyId());
        }
        return json.build().toString();
    }

    Path writeServiceAccount(Account account, Path file) throws IOException {
        return Files.writeString(file, serviceAccountJson(account));
    }

    // ---- scripting

    /** The next answers of the send endpoint, in order; then 200 again. */
    void answer(Reply... replies) {
        script.addAll(List.of(replies));
    }

    /** The next answers of the token endpoint, in order; then the real thing again. */
    void answerTokenRequests(Reply... replies) {
        tokenScript.addAll(List.of(replies));
    }

    /** An answer that comes only after {@link #close()} (for timeouts). */
    Reply held() {
        return new Reply(200, "{}", Map.of(), released);
    }

    void expiresIn(long seconds) {
        this.expiresIn = seconds;
    }

    /** Makes every token issued so far invalid (as if expired server-side). */
    void revokeTokens() {
        validTokens.clear();
    }

    static String error(int code, String status, String errorCode, String violatedField) {
        var error = Jsons.JSON.createObjectBuilder()
                .add("code", code)
                .add("message", "free text that may quote the request")
                .add("status", status);
        var details = Jsons.JSON.createArrayBuilder();
        if (errorCode != null) {
            details.add(Jsons.JSON.createObjectBuilder()
                    .add("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                    .add("errorCode", errorCode));
        }
        if (violatedField != null) {
            details.add(Jsons.JSON.createObjectBuilder()
                    .add("@type", "type.googleapis.com/google.rpc.BadRequest")
                    .add("fieldViolations", Jsons.JSON.createArrayBuilder().add(Jsons.JSON.createObjectBuilder()
                            .add("field", violatedField)
                            .add("description", "Invalid registration token"))));
        }
        error.add("details", details);
        return Jsons.JSON.createObjectBuilder().add("error", error).build().toString();
    }

    // ---- what happened

    int tokenRequests() {
        return tokenRequestIssuers.size();
    }

    List<String> tokenRequestIssuers() {
        return List.copyOf(tokenRequestIssuers);
    }

    List<String> assertionProblems() {
        return List.copyOf(assertionProblems);
    }

    List<SendRequest> sends() {
        return List.copyOf(sends);
    }

    // ---- handlers

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> fields = new HashMap<>();
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String problem = null;
            String issuer = null;
            if (!"POST".equals(exchange.getRequestMethod())) {
                problem = "method " + exchange.getRequestMethod();
            } else if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
                problem = "content type " + contentType;
            } else if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(fields.get("grant_type"))) {
                problem = "grant_type " + fields.get("grant_type");
            } else {
                try {
                    issuer = verify(fields.get("assertion"));
                } catch (InvalidJwtException | RuntimeException | org.jose4j.jwt.MalformedClaimException e) {
                    problem = "assertion: " + e.getMessage();
                }
            }
            tokenRequestIssuers.add(String.valueOf(issuer));
            Reply scripted = tokenScript.poll();
            if (scripted != null) {
                reply(exchange, scripted);
                return;
            }
            if (problem != null) {
                assertionProblems.add(problem);
                reply(exchange, Reply.of(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));
                return;
            }
            String token = "ya29.test-" + issued.incrementAndGet();
            validTokens.add(token);
            reply(exchange, Reply.of(200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn
                    + ",\"token_type\":\"Bearer\"}"));
        }
    }

    /** Checks the assertion as Google does; returns its issuer. */
    private String verify(String assertion) throws InvalidJwtException, org.jose4j.jwt.MalformedClaimException {
        if (assertion == null) {
            throw new IllegalArgumentException("no assertion");
        }
        JwtContext unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build().process(assertion);
        Account account = accounts.get(unverified.getJwtClaims().getIssuer());
        if (account == null) {
            throw new IllegalArgumentException("unknown account");
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(account.keys().getPublic())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(account.clientEmail())
                .setExpectedAudience(tokenUri())
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setAllowedClockSkewInSeconds(30)
                .build();
        JwtContext verified = consumer.process(assertion);
        JwtClaims claims = verified.getJwtClaims();
        if (!"https://www.googleapis.com/auth/firebase.messaging".equals(claims.getStringClaimValue("scope"))) {
            throw new IllegalArgumentException("scope " + claims.getClaimValue("scope"));
        }
        long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        if (lifetime != 3600) {
            throw new IllegalArgumentException("lifetime " + lifetime);
        }
        String kid = verified.getJoseObjects().get(0).getKeyIdHeaderValue();
        if (!java.util.Objects.equals(account.keyId(), kid)) {
            throw new IllegalArgumentException("kid " + kid);
        }
        return account.clientEmail();
    }

    private void send(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.equals("/v1/projects/" + PROJECT + "/messages:send")) {
                reply(exchange, Reply.of(404, error(404, "NOT_FOUND", null, null)));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonObject json;
            try (var reader = Jsons.JSON.createReader(new StringReader(body))) {
                json = reader.readObject();
            }
            sends.add(new SendRequest(authorization, json));
            if (authorization == null || !authorization.startsWith("Bearer ")
                    || !validTokens.contains(authorization.substring("Bearer ".length()))) {
                reply(exchange, Reply.of(401, error(401, "UNAUTHENTICATED", null, null)));
                return;
            }
            Reply scripted = script.poll();
            reply(exchange, scripted != null ? scripted
                    : Reply.of(200, "{\"name\":\"projects/" + PROJECT + "/messages/0:" + sends.size() + "\"}"));
        }
    }

    private void reply(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.holdUntil() != null) {
            try {
                reply.holdUntil().await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening: connections are refused from then on. */
    void stop() {
        released.countDown();
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }
}
