package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Push end to end on real parts: REST → PostgreSQL + OpenMQ → push MDB → FCM HTTP v1, against
 * {@link FcmServer}, a real HTTP server in this JVM that speaks FCM's protocol (OAuth2 token
 * endpoint verifying our signed assertion, {@code messages:send} checking the bearer token).
 * The test domain points Herald at it (prepare-test-domain.sh); this class writes the service
 * account file Herald reads.
 */
@ExtendWith(ArquillianExtension.class)
class PushIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String TEMPLATE = "push_" + UUID.randomUUID().toString().substring(0, 8);
    private static FcmServer fcm;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void startFcm() throws Exception {
        fcm = new FcmServer(ItEnvironment.FCM_PORT);
        fcm.writeServiceAccount(Path.of(ItEnvironment.FCM_CREDENTIALS_FILE));
        HttpResponse<String> t = Api.post("/api/v1/templates", Json.createObjectBuilder()
                .add("code", TEMPLATE).add("language", "en").add("channel", "push")
                .add("title", "Hi {{name}}").add("body", "Order {{order}} is <b>on its way</b> & {{note}}")
                .add("data", Json.createObjectBuilder().add("order_id", "{{order}}").add("screen", "orders"))
                .build().toString());
        assertEquals(201, t.statusCode(), t.body());
    }

    @AfterAll
    static void stopFcm() {
        fcm.close();
    }

    @Test
    void pushIsDeliveredRenderedToTheUsersDevice() {
        String token = token();
        String user = user(true, device(token, "android"));
        String requestId = "push-" + UUID.randomUUID();
        java.time.Instant started = java.time.Instant.now();
        HttpResponse<String> accepted = Api.post("/api/v1/notifications", push(requestId, user,
                "{\"name\":\"Zoë\",\"order\":\"A-17\",\"note\":\"<i>x</i>\"}"));
        assertEquals(202, accepted.statusCode(), accepted.body());

        FcmServer.Received got = fcm.awaitDelivered(token, DELIVERY);
        long latencyMs = Duration.between(started, got.at()).toMillis();
        assertEquals("Hi Zoë", got.title());
        assertEquals("Order A-17 is <b>on its way</b> & <i>x</i>", got.body(), "push text is not HTML-escaped");
        assertEquals(Map.of("order_id", "A-17", "screen", "orders"), got.data());

        JsonObject status = Await.until("DELIVERED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertEquals("push", status.getString("channel"));
        assertEquals(1, events(status, "DEVICE_DELIVERED").size(), status.toString());
        assertFalse(status.toString().contains(token), "events never show a device token");
        // a measurement, not an assertion: one at a time on the idle test domain, token cached
        List<Long> warm = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            java.time.Instant t0 = java.time.Instant.now();
            String id = "push-lat-" + UUID.randomUUID();
            assertEquals(202, Api.post("/api/v1/notifications", push(id, user, "{\"name\":\"L\",\"order\":\"" + i + "\"}")).statusCode());
            int expected = i + 2;
            Await.until("push " + i, DELIVERY, () -> fcm.delivered(token).size() >= expected);
            // the FCM server's own receive time: no polling interval in the figure
            warm.add(Duration.between(t0, fcm.delivered(token).get(i + 1).at()).toMillis());
        }
        java.util.Collections.sort(warm);
        System.out.printf("push POST -> FCM 200 on an idle server: first %d ms (access token fetched), then n=%d min %d p50 %d max %d ms%n",
                latencyMs, warm.size(), warm.get(0), warm.get(warm.size() / 2), warm.get(warm.size() - 1));
    }

    @Test
    void anUnregisteredTokenIsRemovedFromTheUserAndTheOtherDeviceStillGetsIt() {
        String good = token();
        String gone = token();
        fcm.script(gone, FcmServer.unregistered());
        String user = user(true, device(good, "ios"), device(gone, "android"));
        String requestId = "push-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", push(requestId, user, "{\"name\":\"A\",\"order\":\"1\"}")).statusCode());

        JsonObject status = Await.until("DELIVERED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertEquals(1, fcm.delivered(good).size());
        assertEquals(1, events(status, "DEVICE_REMOVED").size(), status.toString());
        assertTrue(events(status, "DEVICE_FAILED").get(0).getString("detail").contains("UNREGISTERED"), status.toString());
        List<String> left = devices(user);
        assertEquals(List.of(good), left, "the unregistered token is no longer the user's");
    }

    @Test
    void whenNoDeviceCanTakeItThePushFailsWithTheReason() {
        String gone = token();
        fcm.script(gone, FcmServer.unregistered());
        String user = user(true, device(gone, "web"));
        String requestId = "push-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", push(requestId, user, "{\"name\":\"A\",\"order\":\"1\"}")).statusCode());
        JsonObject status = Await.until("FAILED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "FAILED".equals(s.getString("status")));
        assertTrue(status.getString("last_error").contains("UNREGISTERED"), status.toString());
        assertEquals(List.of(), devices(user));
        // a second push to that user now fails before sending: no device left
        String again = "push-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", push(again, user, "{\"name\":\"A\",\"order\":\"1\"}")).statusCode());
        JsonObject second = Await.until("FAILED", DELIVERY, () -> Api.status(again),
                s -> s != null && "FAILED".equals(s.getString("status")));
        assertEquals("the user has no registered device", second.getString("last_error"));
    }

    @Test
    void a503IsRetriedAfterTheRetryAfterFcmAskedFor() {
        String token = token();
        fcm.script(token, FcmServer.unavailable(3), FcmServer.ok());
        String user = user(true, device(token, "android"));
        String requestId = "push-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", push(requestId, user, "{\"name\":\"R\",\"order\":\"2\"}")).statusCode());

        JsonObject retrying = Await.until("RETRY_SCHEDULED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && ("RETRY_SCHEDULED".equals(s.getString("status")) || "DELIVERED".equals(s.getString("status"))));
        List<FcmServer.Received> sends = fcm.awaitReceived(token, 2, DELIVERY);
        JsonObject delivered = Await.until("DELIVERED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertEquals(503, sends.get(0).status());
        long gapMs = Duration.between(sends.get(0).at(), sends.get(1).at()).toMillis();
        assertTrue(gapMs >= 2900, "the retry waited for Retry-After: 3 (" + gapMs + " ms)");
        assertTrue(gapMs < 15_000, "and not for much longer (" + gapMs + " ms)");
        assertEquals(2, delivered.getInt("attempts"), delivered.toString());
        JsonObject retry = events(delivered, "RETRY_SCHEDULED").get(0);
        assertTrue(retry.getString("detail").startsWith("FCM 503"), retry.toString());
        assertTrue(retrying != null);
    }

    @Test
    void aUserWhoTurnedPushOffIsSkippedWithoutASend() {
        String token = token();
        String user = user(false, device(token, "android"));
        String requestId = "push-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", push(requestId, user, "{\"name\":\"S\",\"order\":\"3\"}")).statusCode());
        JsonObject status = Await.until("SKIPPED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "SKIPPED".equals(s.getString("status")));
        assertEquals("the user turned push notifications off", status.getString("last_error"));
        assertEquals(0, status.getInt("attempts"));
        assertEquals(List.of(), fcm.received(token));
    }

    @Test
    void unknownUsersAndEmailTemplatesAreRefusedAtOnce() {
        HttpResponse<String> unknown = Api.post("/api/v1/notifications", push("push-" + UUID.randomUUID(), "nobody-" + UUID.randomUUID(), "{}"));
        assertEquals(422, unknown.statusCode(), unknown.body());
        assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""));
        assertTrue(unknown.body().contains("unknown-user"), unknown.body());

        String emailTemplate = "mail_" + UUID.randomUUID().toString().substring(0, 8);
        Api.createTemplate(emailTemplate, "S", "<p>x</p>", "x");
        String user = user(true, device(token(), "android"));
        HttpResponse<String> wrong = Api.post("/api/v1/notifications",
                "{\"notification_type\":\"push\",\"request_id\":\"push-" + UUID.randomUUID() + "\",\"user_id\":\"" + user
                        + "\",\"template_code\":\"" + emailTemplate + "\"}");
        assertEquals(422, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("template-channel-mismatch"), wrong.body());
    }

    private static String push(String requestId, String user, String variables) {
        return "{\"notification_type\":\"push\",\"request_id\":\"" + requestId + "\",\"user_id\":\"" + user
                + "\",\"template_code\":\"" + TEMPLATE + "\",\"variables\":" + variables + "}";
    }

    private static String token() {
        return "tok-" + UUID.randomUUID() + ":APA91b" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String device(String token, String platform) {
        return "{\"token\":\"" + token + "\",\"platform\":\"" + platform + "\"}";
    }

    /** A new user of the admin key with these devices; returns its id. */
    private static String user(boolean push, String... devices) {
        String id = "u-" + UUID.randomUUID();
        HttpResponse<String> r = Api.post("/api/v1/users", "{\"id\":\"" + id + "\",\"name\":\"Push Tester\",\"language\":\"en\","
                + "\"preferences\":{\"email\":true,\"push\":" + push + "},\"devices\":[" + String.join(",", devices) + "]}");
        assertEquals(201, r.statusCode(), r.body());
        return id;
    }

    private static List<String> devices(String user) {
        HttpResponse<String> r = Api.get("/api/v1/users/" + user);
        assertEquals(200, r.statusCode(), r.body());
        return Api.json(r).getJsonArray("devices").stream().map(v -> v.asJsonObject().getString("token")).collect(Collectors.toList());
    }

    static List<JsonObject> events(JsonObject status, String type) {
        return status.getJsonArray("events").stream().map(JsonValue::asJsonObject)
                .filter(e -> type.equals(e.getString("type"))).toList();
    }
}
