package io.herald.infrastructure.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.delivery.SendOutcome;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FCM sender against {@link FakeFcm}: a real HTTP server that verifies the OAuth2
 * assertion's signature and claims and answers sends from a script.
 */
class FcmClientTest {

    private static final String DEVICE = "dGVzdC1kZXZpY2UtdG9rZW4tc2VjcmV0OkFQQTkxYkhQ";
    private static KeyPair keys;
    private static KeyPair strangerKeys;

    @TempDir
    Path dir;
    private FakeFcm fcm;
    private FakeFcm.Account account;
    private MutableClock clock;
    private HttpClient http;

    @BeforeAll
    static void generateKeys() {
        keys = FakeFcm.rsaKeys();
        strangerKeys = FakeFcm.rsaKeys();
    }

    @BeforeEach
    void start() throws IOException {
        fcm = new FakeFcm();
        account = new FakeFcm.Account("herald-sender@herald-test.iam.gserviceaccount.com", "kid-1", keys);
        fcm.trust(account);
        clock = MutableClock.atSystemTime();
        http = FcmClient.httpClient(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        fcm.close();
    }

    private FcmClient client() throws IOException {
        return client(account);
    }

    private FcmClient client(FakeFcm.Account as) throws IOException {
        FcmCredentials credentials = FcmCredentials.load(fcm.writeServiceAccount(as, dir.resolve("sa-" + as.keyId() + ".json")));
        return new FcmClient(credentials, fcm.endpoint(), http, Duration.ofSeconds(2), clock);
    }

    private static FcmMessage message() {
        return new FcmMessage(DEVICE, "Your order shipped", "Parcel 42 is on its way", Map.of(), null);
    }

    @Test
    void acceptedMessageCarriesEverythingAsSent() throws IOException {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("order", "42");
        data.put("deep_link", "app://orders/42?x=\"q\"");
        FcmResult result = client().send(new FcmMessage(DEVICE, "Grüße, Jürgen", "Line 1\nLine 2 \u2713", data,
                "https://cdn.example.com/p.png"));

        FcmResult.Accepted accepted = assertInstanceOf(FcmResult.Accepted.class, result);
        assertEquals("projects/herald-test/messages/0:1", accepted.messageName());
        assertEquals(new SendOutcome.Delivered("projects/herald-test/messages/0:1"), result.outcome());
        assertEquals(List.of(), fcm.assertionProblems());
        assertEquals(1, fcm.tokenRequests());
        assertEquals(List.of(account.clientEmail()), fcm.tokenRequestIssuers());

        FakeFcm.SendRequest request = fcm.sends().get(0);
        assertEquals("Bearer ya29.test-1", request.authorization());
        JsonObject message = request.message();
        assertEquals(DEVICE, message.getString("token"));
        JsonObject notification = message.getJsonObject("notification");
        assertEquals("Grüße, Jürgen", notification.getString("title"));
        assertEquals("Line 1\nLine 2 \u2713", notification.getString("body"));
        assertEquals("https://cdn.example.com/p.png", notification.getString("image"));
        JsonObject sentData = message.getJsonObject("data");
        assertEquals(2, sentData.size());
        assertEquals("42", sentData.getString("order"));
        assertEquals("app://orders/42?x=\"q\"", sentData.getString("deep_link"));
        assertEquals(3, message.size(), "token, notification and data only: " + message.keySet());
    }

    @Test
    void emptyDataAndNoImageAreLeftOut() throws IOException {
        assertInstanceOf(FcmResult.Accepted.class, client().send(message()));

        JsonObject message = fcm.sends().get(0).message();
        assertFalse(message.containsKey("data"));
        assertFalse(message.getJsonObject("notification").containsKey("image"));
        assertEquals("Your order shipped", message.getJsonObject("notification").getString("title"));
    }

    @Test
    void dataOnlyMessageHasNoNotification() throws IOException {
        assertInstanceOf(FcmResult.Accepted.class, client().send(new FcmMessage(DEVICE, null, null, Map.of("k", "v"), null)));

        JsonObject message = fcm.sends().get(0).message();
        assertFalse(message.containsKey("notification"));
        assertEquals("v", message.getJsonObject("data").getString("k"));
    }

    @Test
    void unregisteredTokenIsInvalid() throws IOException {
        fcm.answer(FakeFcm.Reply.of(404, FakeFcm.error(404, "NOT_FOUND", "UNREGISTERED", null)));

        FcmResult result = client().send(message());

        assertEquals(new FcmResult.TokenInvalid("FCM 404 UNREGISTERED"), result);
        assertEquals(new SendOutcome.Permanent("FCM 404 UNREGISTERED", true), result.outcome());
    }

    @Test
    void invalidArgumentAboutTheTokenIsAnInvalidToken() throws IOException {
        fcm.answer(FakeFcm.Reply.of(400, FakeFcm.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "message.token")));

        FcmResult result = client().send(message());

        FcmResult.TokenInvalid invalid = assertInstanceOf(FcmResult.TokenInvalid.class, result);
        assertEquals("FCM 400 INVALID_ARGUMENT message.token", invalid.reason());
    }

    @Test
    void invalidTokenTextWithoutFieldViolationIsAnInvalidToken() throws IOException {
        String body = "{\"error\":{\"code\":400,\"message\":\"The registration token is not a valid FCM registration token\","
                + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                + "\"errorCode\":\"INVALID_ARGUMENT\"}]}}";
        fcm.answer(FakeFcm.Reply.of(400, body));

        assertEquals(new FcmResult.TokenInvalid("FCM 400 INVALID_ARGUMENT message.token"), client().send(message()));
    }

    @Test
    void senderIdMismatchIsAnInvalidToken() throws IOException {
        fcm.answer(FakeFcm.Reply.of(403, FakeFcm.error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", null)));

        assertEquals(new FcmResult.TokenInvalid("FCM 403 SENDER_ID_MISMATCH"), client().send(message()));
    }

    @Test
    void otherInvalidArgumentIsRejected() throws IOException {
        fcm.answer(FakeFcm.Reply.of(400, FakeFcm.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "message.data[0].key")));

        FcmResult result = client().send(message());

        assertEquals(new FcmResult.Rejected("FCM 400 INVALID_ARGUMENT"), result);
        assertInstanceOf(SendOutcome.Permanent.class, result.outcome());
    }

    @Test
    void unavailableHonoursRetryAfterSeconds() throws IOException {
        fcm.answer(FakeFcm.Reply.of(503, FakeFcm.error(503, "UNAVAILABLE", "UNAVAILABLE", null)).withHeader("Retry-After", "7"));

        FcmResult result = client().send(message());

        assertEquals(new FcmResult.Transient("FCM 503 UNAVAILABLE", Duration.ofSeconds(7)), result);
        assertEquals(new SendOutcome.Transient("FCM 503 UNAVAILABLE", Duration.ofSeconds(7)), result.outcome());
    }

    @Test
    void retryAfterAsHttpDateIsCountedFromNow() throws IOException {
        String in90Seconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(90).atZone(ZoneOffset.UTC));
        fcm.answer(FakeFcm.Reply.of(500, FakeFcm.error(500, "INTERNAL", "INTERNAL", null)).withHeader("Retry-After", in90Seconds));

        FcmResult.Transient result = assertInstanceOf(FcmResult.Transient.class, client().send(message()));

        assertEquals("FCM 500 INTERNAL", result.reason());
        // the header has whole seconds: 89 to 90 s from the clock's (sub-second) now
        long seconds = result.retryAfter().toSeconds();
        assertTrue(seconds == 89 || seconds == 90, "retry after " + result.retryAfter());
    }

    @Test
    void quotaExceededIsTransientWithoutRequestedDelay() throws IOException {
        fcm.answer(FakeFcm.Reply.of(429, FakeFcm.error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", null)));

        FcmResult result = client().send(message());

        assertEquals(new FcmResult.Transient("FCM 429 QUOTA_EXCEEDED", null), result);
        assertTrue(((FcmResult.Transient) result).requestedDelay().isEmpty());
    }

    @Test
    void bareServerErrorWithoutJsonIsTransient() throws IOException {
        fcm.answer(FakeFcm.Reply.of(502, "<html>Bad Gateway</html>"));

        assertEquals(new FcmResult.Transient("FCM 502", null), client().send(message()));
    }

    @Test
    void unauthorisedOnceFetchesANewTokenAndRetries() throws IOException {
        FcmClient client = client();
        assertInstanceOf(FcmResult.Accepted.class, client.send(message()));
        fcm.revokeTokens();

        FcmResult result = client.send(message());

        assertInstanceOf(FcmResult.Accepted.class, result);
        assertEquals(2, fcm.tokenRequests());
        List<String> used = fcm.sends().stream().map(FakeFcm.SendRequest::authorization).toList();
        assertEquals(List.of("Bearer ya29.test-1", "Bearer ya29.test-1", "Bearer ya29.test-2"), used);
    }

    @Test
    void unauthorisedTwiceIsUnavailable() throws IOException {
        String unauthenticated = FakeFcm.error(401, "UNAUTHENTICATED", null, null);
        fcm.answer(FakeFcm.Reply.of(401, unauthenticated), FakeFcm.Reply.of(401, unauthenticated));

        FcmResult result = client().send(message());

        assertEquals(new FcmResult.Unavailable("FCM 401 UNAUTHENTICATED"), result);
        assertInstanceOf(SendOutcome.Unavailable.class, result.outcome());
        assertEquals(2, fcm.tokenRequests());
        assertEquals(2, fcm.sends().size());
        assertNotEquals(fcm.sends().get(0).authorization(), fcm.sends().get(1).authorization());
    }

    @Test
    void thirdPartyAuthErrorIsNotFixedByANewToken() throws IOException {
        fcm.answer(FakeFcm.Reply.of(401, FakeFcm.error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", null)));

        assertEquals(new FcmResult.Unavailable("FCM 401 THIRD_PARTY_AUTH_ERROR"), client().send(message()));
        assertEquals(1, fcm.tokenRequests());
        assertEquals(1, fcm.sends().size());
    }

    @Test
    void permissionDeniedIsUnavailable() throws IOException {
        fcm.answer(FakeFcm.Reply.of(403, FakeFcm.error(403, "PERMISSION_DENIED", null, null)));

        assertEquals(new FcmResult.Unavailable("FCM 403 PERMISSION_DENIED"), client().send(message()));
    }

    @Test
    void tokenIsCachedAcrossSends() throws IOException {
        FcmClient client = client();
        client.send(message());
        client.send(message());
        client.send(message());

        assertEquals(1, fcm.tokenRequests());
        assertEquals(3, fcm.sends().size());
        assertTrue(fcm.sends().stream().allMatch(s -> s.authorization().equals("Bearer ya29.test-1")));
    }

    @Test
    void tokenIsRefreshedShortlyBeforeItExpires() throws IOException {
        FcmClient client = client();
        client.send(message());

        clock.advance(Duration.ofSeconds(3600 - 61));
        client.send(message());
        assertEquals(1, fcm.tokenRequests(), "still valid for more than the refresh margin");

        clock.advance(Duration.ofSeconds(2));
        client.send(message());
        assertEquals(2, fcm.tokenRequests());
        assertEquals("Bearer ya29.test-2", fcm.sends().get(2).authorization());
        assertEquals(List.of(), fcm.assertionProblems());
    }

    @Test
    void shortLivedTokenIsRefreshedAtHalfItsLifetime() throws IOException {
        fcm.expiresIn(60);
        FcmClient client = client();
        client.send(message());
        clock.advance(Duration.ofSeconds(29));
        client.send(message());
        assertEquals(1, fcm.tokenRequests());
        clock.advance(Duration.ofSeconds(2));
        client.send(message());
        assertEquals(2, fcm.tokenRequests());
    }

    @Test
    void invalidateForcesANewToken() throws IOException {
        FcmClient client = client();
        String first = client.accessTokens().token();
        assertEquals(first, client.accessTokens().token());

        client.accessTokens().invalidate();

        assertNotEquals(first, client.accessTokens().token());
        assertEquals(2, fcm.tokenRequests());
    }

    @Test
    void concurrentSendersShareOneTokenFetch() throws Exception {
        FcmClient client = client();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<FcmResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return client.send(message());
                }));
            }
            go.countDown();
            for (Future<FcmResult> result : results) {
                assertInstanceOf(FcmResult.Accepted.class, result.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fcm.tokenRequests());
        assertEquals(8, fcm.sends().size());
    }

    @Test
    void assertionSignedWithAnotherKeyIsRefusedByTheTokenEndpoint() throws IOException {
        FakeFcm.Account impostor = new FakeFcm.Account(account.clientEmail(), "kid-1", strangerKeys);
        FcmClient client = client(impostor);

        FcmUnavailableException e = assertThrows(FcmUnavailableException.class, () -> client.send(message()));

        assertEquals("FCM token endpoint answered 400 invalid_grant", e.getMessage());
        assertEquals(1, fcm.assertionProblems().size());
        assertTrue(fcm.sends().isEmpty());
    }

    @Test
    void tokenEndpointFailureIsUnavailable() throws IOException {
        fcm.answerTokenRequests(FakeFcm.Reply.of(503, "{\"error\":\"temporarily_unavailable\"}"));
        FcmClient client = client();

        FcmUnavailableException e = assertThrows(FcmUnavailableException.class, () -> client.send(message()));
        assertEquals("FCM token endpoint answered 503 temporarily_unavailable", e.getMessage());

        assertInstanceOf(FcmResult.Accepted.class, client.send(message()), "the next attempt fetches again");
        assertEquals(2, fcm.tokenRequests());
    }

    @Test
    void tokenAnswerWithoutTokenIsUnavailable() throws IOException {
        fcm.answerTokenRequests(FakeFcm.Reply.of(200, "{\"token_type\":\"Bearer\"}"));

        FcmUnavailableException e = assertThrows(FcmUnavailableException.class, () -> client().send(message()));
        assertEquals("FCM token endpoint answered 200 without an access_token", e.getMessage());
    }

    @Test
    void serverDownIsUnavailable() throws IOException {
        FcmClient client = client();
        fcm.stop();

        FcmUnavailableException e = assertThrows(FcmUnavailableException.class, () -> client.send(message()));
        assertTrue(e.getMessage().startsWith("FCM token request failed: "), e.getMessage());
    }

    @Test
    void connectionRefusedAfterTheTokenIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        FcmCredentials credentials = FcmCredentials.load(fcm.writeServiceAccount(account, dir.resolve("sa.json")));
        FcmClient client = new FcmClient(credentials, URI.create("http://127.0.0.1:" + closedPort), http, Duration.ofSeconds(2), clock);

        FcmUnavailableException e = assertThrows(FcmUnavailableException.class, () -> client.send(message()));

        assertEquals("FCM send failed: ConnectException", e.getMessage());
        assertEquals(1, fcm.tokenRequests(), "the token came from the live token endpoint");
    }

    @Test
    void noAnswerInTimeIsUnavailable() throws IOException {
        FcmCredentials credentials = FcmCredentials.load(fcm.writeServiceAccount(account, dir.resolve("sa.json")));
        FcmClient client = new FcmClient(credentials, fcm.endpoint(), http, Duration.ofMillis(300), clock);
        client.accessTokens().token();
        fcm.answer(fcm.held());

        long start = System.nanoTime();
        FcmUnavailableException e = assertThrows(FcmUnavailableException.class, () -> client.send(message()));

        assertEquals("FCM send failed: HttpTimeoutException", e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void reasonsAndMessagesNeverQuoteTheTokenOrContent() throws IOException {
        fcm.answer(FakeFcm.Reply.of(400, FakeFcm.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "message.token")));
        FcmResult result = client().send(message());

        assertFalse(result.detail().contains(DEVICE));
        assertFalse(result.detail().contains("free text"));
        String shown = message().toString();
        assertFalse(shown.contains(DEVICE) || shown.contains("order") || shown.contains("Parcel"), shown);
        assertEquals("FcmMessage[token=" + DEVICE.length() + " chars, title=18 chars, body=23 chars, data=0 entries, image=none]", shown);
    }

    @Test
    void retryAfterThatIsNeitherSecondsNorADateIsIgnored() throws IOException {
        fcm.answer(FakeFcm.Reply.of(503, "").withHeader("Retry-After", "soon"));

        FcmResult.Transient result = assertInstanceOf(FcmResult.Transient.class, client().send(message()));
        assertNull(result.retryAfter());
        assertEquals("FCM 503", result.reason());
    }

    @Test
    void endpointPathIsBuiltFromTheProject() {
        assertEquals(URI.create("https://fcm.googleapis.com/v1/projects/p-1/messages:send"),
                FcmClient.sendUri(URI.create("https://fcm.googleapis.com/"), "p-1"));
        assertEquals(URI.create("http://127.0.0.1:9/base/v1/projects/p-1/messages:send"),
                FcmClient.sendUri(URI.create("http://127.0.0.1:9/base"), "p-1"));
        assertThrows(IllegalArgumentException.class, () -> FcmClient.sendUri(URI.create("fcm.googleapis.com"), "p-1"));
    }

    @Test
    void messageNeedsAToken() {
        assertThrows(IllegalArgumentException.class, () -> new FcmMessage(" ", "t", "b"));
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("k", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FcmMessage(DEVICE, "t", "b", withNull, null));
        assertFalse(e.getMessage().contains("k="));
    }
}
