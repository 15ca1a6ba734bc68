package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signed status callbacks: what the receiver gets, retries when it answers 500, the final
 * record when it never recovers, that a stuck receiver never holds up email delivery, and the
 * network policy (ADR 0011): internal targets refused when sent or when resolved, and records
 * that do not tell an error answer from nothing listening. The test domain allows callbacks to
 * 127.0.0.2 (the receiver) on ports 1024-65535 only (prepare-test-domain.sh).
 */
@ExtendWith(ArquillianExtension.class)
class CallbackIT {

    /** Set on the test domain by prepare-test-domain.sh. */
    private static final String SECRET = "whsec_aGVyYWxkLWludGVncmF0aW9uLXRlc3Qtc2VjcmV0LTMyYg==";
    private static final String TEMPLATE = "cb_" + UUID.randomUUID().toString().substring(0, 8);
    private static Mailbox mailbox;
    private static CallbackReceiver receiver;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void start() {
        mailbox = Mailbox.start();
        receiver = new CallbackReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        mailbox.close();
    }

    /** A notification whose callback goes to the receiver's {@code callbackPath} (none if null); returns its request_id. */
    private static String send(String callbackPath) {
        return sendTo(callbackPath == null ? null : receiver.url(callbackPath));
    }

    private static String sendTo(String callbackUrl) {
        String requestId = "cb-" + UUID.randomUUID();
        HttpResponse<String> r = post(requestId, callbackUrl);
        assertEquals(202, r.statusCode(), r.body());
        return requestId;
    }

    private static HttpResponse<String> post(String requestId, String callbackUrl) {
        if (Api.get("/api/v1/templates/" + TEMPLATE).statusCode() == 404) {
            Api.createTemplate(TEMPLATE, "Hi", "<p>Hi</p>", "Hi");
        }
        String body = "{\"notification_type\":\"email\",\"request_id\":\"" + requestId + "\",\"to\":\"cb-" + UUID.randomUUID()
                + "@example.com\",\"template_code\":\"" + TEMPLATE + "\""
                + (callbackUrl == null ? "" : ",\"callback_url\":\"" + callbackUrl + "\"")
                + ",\"metadata\":{\"correlation_id\":\"corr-" + requestId + "\"}}";
        return Api.post("/api/v1/notifications", body);
    }

    private static List<JsonObject> events(JsonObject status, String type) {
        return status.getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("type").equals(type)).toList();
    }

    /** Event details with the retry delay (jittered) blanked, to compare two histories. */
    private static List<String> callbackHistory(JsonObject status) {
        return status.getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("type").startsWith("CALLBACK_"))
                .map(e -> e.getString("type") + ": " + e.getString("detail", "").replaceAll("next in \\d+ ms", "next in _ ms"))
                .toList();
    }

    private static String sign(String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonObject awaitEvent(String requestId, String type) {
        return Await.until(type + " recorded for " + requestId, Duration.ofSeconds(60), () -> Api.status(requestId),
                s -> s != null && s.getJsonArray("events").getValuesAs(JsonObject.class).stream()
                        .anyMatch(e -> e.getString("type").equals(type)));
    }

    @Test
    void receiverGetsACorrectlySignedCallback() throws Exception {
        String path = "/ok/" + UUID.randomUUID();
        String requestId = send(path);
        CallbackReceiver.Call call = Await.until("the callback", Duration.ofSeconds(30), () -> receiver.calls(path),
                l -> !l.isEmpty()).get(0);

        assertEquals(CallbackReceiver.ADDRESS, call.address(), "arrived on the allowed address");
        String id = call.headers().get("webhook-id");
        String timestamp = call.headers().get("webhook-timestamp");
        assertEquals(sign(id, timestamp, call.body()), call.headers().get("webhook-signature"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300);
        JsonObject payload = Json.createReader(new StringReader(call.body())).readObject();
        assertEquals(requestId, payload.getString("request_id"));
        assertEquals("DELIVERED", payload.getString("status"));
        assertEquals(1, payload.getInt("attempts"));
        assertEquals("corr-" + requestId, payload.getString("correlation_id"));
        assertTrue(payload.isNull("error"));
        assertEquals(payload.getJsonNumber("notification_id").longValue(),
                Api.status(requestId).getJsonNumber("notification_id").longValue());
        JsonObject delivered = events(awaitEvent(requestId, "CALLBACK_DELIVERED"), "CALLBACK_DELIVERED").get(0);
        assertEquals("2xx answer (attempt 1)", delivered.getString("detail"), "no HTTP status in the status API");
    }

    @Test
    void aFailingReceiverIsRetriedWithTheSameWebhookId() {
        String path = "/fail2/" + UUID.randomUUID();
        String requestId = send(path);
        awaitEvent(requestId, "CALLBACK_DELIVERED");
        List<CallbackReceiver.Call> calls = receiver.calls(path);
        assertEquals(3, calls.size(), "500, 500, then 204");
        assertEquals(1, calls.stream().map(c -> c.headers().get("webhook-id")).distinct().count());
        List<JsonObject> retries = events(Api.status(requestId), "CALLBACK_RETRY_SCHEDULED");
        assertEquals(2, retries.size(), retries.toString());
        for (int i = 0; i < retries.size(); i++) {
            String detail = retries.get(i).getString("detail");
            assertTrue(detail.matches("no 2xx answer \\(attempt " + (i + 1) + "\\); next in \\d+ ms"), detail);
            assertFalse(retries.get(i).containsKey("duration_ms"), "no timing of a failed attempt: " + retries.get(i));
        }
    }

    @Test
    void aReceiverThatNeverRecoversIsFinallyRecorded() {
        String path = "/always500/" + UUID.randomUUID();
        String requestId = send(path);
        JsonObject status = awaitEvent(requestId, "CALLBACK_FAILED");
        assertEquals(5, receiver.calls(path).size());
        assertEquals("DELIVERED", status.getString("status"), "the email itself was delivered");
        assertEquals("gave up after 5 attempts: no 2xx answer", events(status, "CALLBACK_FAILED").get(0).getString("detail"));
        for (String line : callbackHistory(status)) {
            assertFalse(line.contains("500") || line.contains("HTTP") || line.contains("Exception"), line);
        }
        long notificationId = status.getJsonNumber("notification_id").longValue();
        Await.until("the callback's dead letter", Duration.ofSeconds(20),
                () -> Broker.browse("NotificationDeadLetterQueue").stream().anyMatch(m ->
                        Long.valueOf(notificationId).equals(Broker.longProperty(m, "notificationId"))
                                && "NotificationCallbackQueue".equals(Broker.property(m, "originalDestination"))));
    }

    /** A receiver that never answers leaves the same record as one that answers 500: no port scanning through the status API. */
    @Test
    void nothingListeningLooksLikeAnErrorAnswer() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(CallbackReceiver.ADDRESS))) {
            closedPort = probe.getLocalPort();
        }
        String dead = sendTo("http://" + CallbackReceiver.ADDRESS + ":" + closedPort + "/nobody");
        String erroring = send("/always500/" + UUID.randomUUID());
        JsonObject deadStatus = awaitEvent(dead, "CALLBACK_FAILED");
        JsonObject erroringStatus = awaitEvent(erroring, "CALLBACK_FAILED");
        assertEquals(callbackHistory(erroringStatus), callbackHistory(deadStatus));
        assertEquals(5, callbackHistory(deadStatus).size(), callbackHistory(deadStatus).toString());
    }

    /** Literal internal addresses and ports outside herald.callback.allowed-ports are refused when the notification is sent. */
    @Test
    void internalCallbackUrlsAreRejectedWhenSent() {
        int port = receiver.port();
        List<String> internal = List.of(
                "http://169.254.169.254/latest/meta-data/",
                "http://169.254.169.254:" + port + "/latest/meta-data/",
                "http://[fd00:ec2::254]:" + port + "/latest/meta-data/",
                "http://100.100.100.200:" + port + "/latest/meta-data/",
                "http://127.0.0.1:" + port + "/x",
                "http://[::1]/",
                "http://[::1]:" + port + "/x",
                "http://[::ffff:127.0.0.1]:" + port + "/x",
                "http://10.0.0.1:" + port + "/x",
                "http://0.0.0.0:" + port + "/x");
        for (String url : internal) {
            assertRejected(url, "internal address");
        }
        // other spellings of 127.0.0.1 that a resolver would accept
        assertRejected("http://2130706433:" + port + "/x", "dotted-decimal");
        assertRejected("http://0:" + port + "/x", "dotted-decimal");
        // the allowed address, on a port that is not allowed
        assertRejected("http://" + CallbackReceiver.ADDRESS + ":22/x", "port");
        assertTrue(receiver.calls("/x").isEmpty());
    }

    private static void assertRejected(String callbackUrl, String reasonMentions) {
        String requestId = "cb-" + UUID.randomUUID();
        HttpResponse<String> r = post(requestId, callbackUrl);
        assertEquals(400, r.statusCode(), callbackUrl + " -> " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), callbackUrl);
        List<JsonObject> errors = Api.json(r).getJsonArray("errors").getValuesAs(JsonObject.class);
        assertEquals(List.of("callback_url"), errors.stream().map(e -> e.getString("field")).toList(), callbackUrl);
        assertTrue(errors.get(0).getString("message").contains(reasonMentions), callbackUrl + " -> " + errors.get(0));
        assertEquals(404, Api.get("/api/v1/notifications/" + requestId).statusCode(), "nothing stored for " + callbackUrl);
    }

    /**
     * A host name passes the check at acceptance, but resolves to a refused address when the
     * callback is sent ({@code localhost} is 127.0.0.1, where the receiver's twin listens on the
     * same port): recorded as refused at once, no retries, no dead letter, nothing received.
     */
    @Test
    void aNameThatResolvesToARefusedAddressIsNotCalled() {
        String path = "/via-localhost/" + UUID.randomUUID();
        String requestId = sendTo("http://localhost:" + receiver.port() + path);
        JsonObject status = awaitEvent(requestId, "CALLBACK_FAILED");
        JsonObject failed = events(status, "CALLBACK_FAILED").get(0);
        assertEquals("refused by policy", failed.getString("detail"));
        assertFalse(failed.containsKey("duration_ms"), failed.toString());
        assertEquals(List.of("CALLBACK_FAILED: refused by policy"), callbackHistory(status), "refused at once, not retried");
        assertEquals("DELIVERED", status.getString("status"), "the email itself was delivered");
        long notificationId = status.getJsonNumber("notification_id").longValue();
        assertTrue(Broker.browse("NotificationDeadLetterQueue").stream().noneMatch(m ->
                Long.valueOf(notificationId).equals(Broker.longProperty(m, "notificationId"))), "no dead letter");
        assertEquals(List.of(), receiver.calls(path), "the receiver (on 127.0.0.2 and 127.0.0.1) got nothing");
    }

    @Test
    void aStuckReceiverDoesNotHoldUpEmail() {
        for (int i = 0; i < 10; i++) {
            send("/blocked/" + UUID.randomUUID());
        }
        Await.until("callback consumers stuck in the receiver", Duration.ofSeconds(30), () -> receiver.waiting() >= 8);
        String requestId = send(null);
        Await.until("an email delivered while every callback consumer is stuck", Duration.ofSeconds(30),
                () -> Api.status(requestId), s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertTrue(receiver.waiting() >= 8, "callbacks were still stuck when the email went out");
        receiver.release();
    }
}
