package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
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
 * record when it never recovers, and that a stuck receiver never holds up email delivery.
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

    private static String send(String callbackPath) {
        if (Api.get("/api/v1/templates/" + TEMPLATE).statusCode() == 404) {
            Api.createTemplate(TEMPLATE, "Hi", "<p>Hi</p>", "Hi");
        }
        String requestId = "cb-" + UUID.randomUUID();
        String body = "{\"notification_type\":\"email\",\"request_id\":\"" + requestId + "\",\"to\":\"cb-" + UUID.randomUUID()
                + "@example.com\",\"template_code\":\"" + TEMPLATE + "\""
                + (callbackPath == null ? "" : ",\"callback_url\":\"" + receiver.url(callbackPath) + "\"")
                + ",\"metadata\":{\"correlation_id\":\"corr-" + requestId + "\"}}";
        assertEquals(202, Api.post("/api/v1/notifications", body).statusCode());
        return requestId;
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
        awaitEvent(requestId, "CALLBACK_DELIVERED");
    }

    @Test
    void aFailingReceiverIsRetriedWithTheSameWebhookId() {
        String path = "/fail2/" + UUID.randomUUID();
        String requestId = send(path);
        awaitEvent(requestId, "CALLBACK_DELIVERED");
        List<CallbackReceiver.Call> calls = receiver.calls(path);
        assertEquals(3, calls.size(), "500, 500, then 204");
        assertEquals(1, calls.stream().map(c -> c.headers().get("webhook-id")).distinct().count());
        assertTrue(Api.status(requestId).getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("type").equals("CALLBACK_RETRY_SCHEDULED")).count() == 2);
    }

    @Test
    void aReceiverThatNeverRecoversIsFinallyRecorded() {
        String path = "/always500/" + UUID.randomUUID();
        String requestId = send(path);
        JsonObject status = awaitEvent(requestId, "CALLBACK_FAILED");
        assertEquals(5, receiver.calls(path).size());
        assertEquals("DELIVERED", status.getString("status"), "the email itself was delivered");
        long notificationId = status.getJsonNumber("notification_id").longValue();
        Await.until("the callback's dead letter", Duration.ofSeconds(20),
                () -> Broker.browse("NotificationDeadLetterQueue").stream().anyMatch(m ->
                        Long.valueOf(notificationId).equals(Broker.longProperty(m, "notificationId"))
                                && "NotificationCallbackQueue".equals(Broker.property(m, "originalDestination"))));
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
