package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an attacker or a second tenant tries (issue 9): other spellings of protected paths, what
 * responses reveal about the server, reading or blocking another caller's notifications,
 * guessing keys, and out-of-range input.
 */
@ExtendWith(ArquillianExtension.class)
class HardeningIT {

    private static final String TEMPLATE = "hardening_it";
    private static Mailbox mailbox;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void startSmtp() {
        mailbox = Mailbox.start();
    }

    @AfterAll
    static void stopSmtp() {
        mailbox.close();
    }

    private static void ensureTemplate() {
        if (Api.get("/api/v1/templates/" + TEMPLATE).statusCode() == 404) {
            Api.createTemplate(TEMPLATE, "Hello {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}");
        }
    }


    private static HttpResponse<String> sendAs(String key, String requestId, String to) {
        return Api.post("/api/v1/notifications", Api.emailRequest(requestId, to, TEMPLATE, "{\"name\":\"x\"}"),
                "Authorization", "Bearer " + key);
    }

    private static HttpResponse<String> getAs(String key, String path) {
        return Api.withHeaders("GET", path, null, "Authorization", "Bearer " + key);
    }

    @Test
    void noSpellingOfAProtectedPathAnswersWithoutAKey() {
        for (String path : List.of("/metrics", "//metrics", "/metrics;x", "/%6detrics", "/health/live/../../metrics",
                "/./metrics", "/metrics/", "//metrics/application", "/metrics;x/application", "/openapi", "//openapi",
                "/health", "/health/", "/health/started", "//health/ready", "/health/ready;x", "/api/v1/admin/queues",
                "//api/v1/admin/queues", "/api/v1/admin/queues;x", "/%61pi/v1/admin/queues", "/errors", "/nothing-here")) {
            RawHttp.Response r = RawHttp.get(path);
            assertEquals(401, r.status(), path + " -> " + r.status() + " " + r.body());
            assertTrue(String.valueOf(r.header("Content-Type")).startsWith("application/problem+json"), path + " " + r.headers());
            assertFalse(r.body().contains("notifications_"), path + " leaked metrics");
        }
        assertEquals(200, RawHttp.get("/health/live").status());
        int ready = RawHttp.get("/health/ready").status();
        assertTrue(ready == 200 || ready == 503, "readiness answers without a key: " + ready);
        // with a key the canonical path works
        assertEquals(200, RawHttp.get("/metrics", "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY).status());
    }

    @Test
    void responsesDoNotNameTheServerAndUnknownApiPathsAreProblems() {
        for (RawHttp.Response r : List.of(RawHttp.get("/health/live"), RawHttp.get("/metrics"),
                RawHttp.get("/api/v1/notifications/none", "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY),
                RawHttp.get("/api/nothing/here", "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY))) {
            assertNull(r.header("Server"), "Server header: " + r.headers());
            assertNull(r.header("X-Powered-By"), "X-Powered-By header: " + r.headers());
            assertFalse(r.body().contains("Payara") || r.body().contains("GlassFish"), r.body());
        }
        for (String path : List.of("/api/nothing/here", "/api/v1/nothing", "/api/v2/notifications", "/api", "/elsewhere")) {
            RawHttp.Response r = RawHttp.get(path, "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY);
            assertEquals(404, r.status(), path + " " + r.body());
            assertTrue(String.valueOf(r.header("Content-Type")).startsWith("application/problem+json"), path + " " + r.headers());
            assertTrue(r.body().contains("\"status\":404"), path + " " + r.body());
        }
    }

    @Test
    void aCallerSeesAndBlocksOnlyItsOwnNotifications() {
        ensureTemplate();
        String alice = Api.issueKey("send", "read");
        String bob = Api.issueKey("send", "read");
        String requestId = "tenant-" + UUID.randomUUID();

        HttpResponse<String> aliceSent = sendAs(alice, requestId, "alice-" + UUID.randomUUID() + "@example.com");
        assertEquals(202, aliceSent.statusCode(), aliceSent.body());
        long aliceId = Api.json(aliceSent).getJsonNumber("notification_id").longValue();

        HttpResponse<String> bobReads = getAs(bob, "/api/v1/notifications/" + requestId);
        assertEquals(404, bobReads.statusCode(), "another caller's notification does not exist for bob: " + bobReads.body());
        assertFalse(bobReads.body().contains(Long.toString(aliceId)), bobReads.body());

        // the same request id is bob's own namespace: a new notification, not a duplicate or a conflict
        HttpResponse<String> bobSent = sendAs(bob, requestId, "bob-" + UUID.randomUUID() + "@example.com");
        assertEquals(202, bobSent.statusCode(), bobSent.body());
        JsonObject bobAccepted = Api.json(bobSent);
        assertFalse(bobAccepted.getBoolean("duplicate", false), bobSent.body());
        long bobId = bobAccepted.getJsonNumber("notification_id").longValue();
        assertTrue(bobId != aliceId, "bob got a notification of his own");

        for (String[] who : new String[][] {{alice, Long.toString(aliceId)}, {bob, Long.toString(bobId)}}) {
            JsonObject own = Await.until("delivery of " + who[1], Duration.ofSeconds(60),
                    () -> Api.json(getAs(who[0], "/api/v1/notifications/" + requestId)),
                    s -> "DELIVERED".equals(s.getString("status", "")));
            assertEquals(Long.parseLong(who[1]), own.getJsonNumber("notification_id").longValue());
        }
        // a repeat is still recognised per owner
        HttpResponse<String> aliceAgain = sendAs(alice, requestId, "someone-else@example.com");
        assertEquals(422, aliceAgain.statusCode(), "a different body under alice's own request id: " + aliceAgain.body());

        // admin sees all: ambiguous without an owner, each one with ?owner=
        HttpResponse<String> ambiguous = Api.get("/api/v1/notifications/" + requestId);
        assertEquals(409, ambiguous.statusCode(), ambiguous.body());
        List<String> owners = Api.json(ambiguous).getJsonArray("owners").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).sorted().toList();
        String alicePrefix = alice.substring(0, 11);
        String bobPrefix = bob.substring(0, 11);
        assertEquals(List.of(alicePrefix, bobPrefix).stream().sorted().toList(), owners);
        HttpResponse<String> adminReadsAlice = Api.get("/api/v1/notifications/" + requestId + "?owner=" + alicePrefix);
        assertEquals(200, adminReadsAlice.statusCode(), adminReadsAlice.body());
        assertEquals(aliceId, Api.json(adminReadsAlice).getJsonNumber("notification_id").longValue());
        assertEquals(alicePrefix, Api.json(adminReadsAlice).getString("owner"));
        // ?owner= is an admin's tool only: bob still gets his own
        HttpResponse<String> bobNamesAlice = getAs(bob, "/api/v1/notifications/" + requestId + "?owner=" + alicePrefix);
        assertEquals(200, bobNamesAlice.statusCode(), bobNamesAlice.body());
        assertEquals(bobId, Api.json(bobNamesAlice).getJsonNumber("notification_id").longValue());
        // a request id only one caller used: the admin finds it without naming the owner
        String aliceOnly = "tenant-" + UUID.randomUUID();
        assertEquals(202, sendAs(alice, aliceOnly, "alice-" + UUID.randomUUID() + "@example.com").statusCode());
        HttpResponse<String> adminReads = Api.get("/api/v1/notifications/" + aliceOnly);
        assertEquals(200, adminReads.statusCode(), adminReads.body());
        assertEquals(alicePrefix, Api.json(adminReads).getString("owner"));
        assertEquals(404, getAs(bob, "/api/v1/notifications/" + aliceOnly).statusCode());
        Await.until("delivery of " + aliceOnly, Duration.ofSeconds(60),
                () -> Api.json(getAs(alice, "/api/v1/notifications/" + aliceOnly)),
                s -> "DELIVERED".equals(s.getString("status", "")));
    }

    @Test
    void sendAtOutOfRangeOrBeyondTheHorizonIsABadRequest() {
        ensureTemplate();
        for (String sendAt : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                Instant.now().plus(Duration.ofDays(366)).toString())) {
            String body = "{\"notification_type\":\"email\",\"request_id\":\"sendat-" + UUID.randomUUID()
                    + "\",\"to\":\"a@example.com\",\"template_code\":\"" + TEMPLATE + "\",\"send_at\":\"" + sendAt + "\"}";
            HttpResponse<String> r = Api.post("/api/v1/notifications", body);
            assertEquals(400, r.statusCode(), sendAt + " " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("send_at", Api.json(r).getJsonArray("errors").getJsonObject(0).getString("field"), r.body());
        }
    }

    @Test
    void failedAuthenticationsAreLimitedPerClientAddress() {
        // this test is its own client address (127.0.0.3), so other tests' failures do not count here
        String address = "127.0.0.3";
        String wrongKey = "hk_guessing_" + "x".repeat(43);
        int refused = 0;
        RawHttp.Response r = null;
        for (int i = 0; i < ItEnvironment.AUTH_FAILURE_BURST + 5; i++) {
            r = RawHttp.request(address, "GET", "/api/v1/admin/queues", "Authorization", "Bearer " + wrongKey);
            if (r.status() == 429) {
                break;
            }
            assertEquals(401, r.status(), "attempt " + i + ": " + r.body());
            refused++;
        }
        assertEquals(429, r.status(), "no 429 after " + refused + " failed attempts");
        // the burst, plus at most a token or two refilled (10 a minute) while the loop ran
        assertTrue(refused >= ItEnvironment.AUTH_FAILURE_BURST && refused <= ItEnvironment.AUTH_FAILURE_BURST + 2,
                "failures allowed before 429: " + refused);
        assertTrue(String.valueOf(r.header("Content-Type")).startsWith("application/problem+json"), r.headers().toString());
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        // while blocked, even a valid key from that address waits; other addresses are not affected
        assertEquals(429, RawHttp.request(address, "GET", "/api/v1/admin/queues",
                "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY).status());
        assertEquals(200, RawHttp.request("127.0.0.1", "GET", "/api/v1/admin/queues",
                "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY).status());
        // requests without a credential are 401, never counted or blocked: the open paths stay open
        assertEquals(200, RawHttp.request(address, "GET", "/health/live").status());
    }

    @Test
    void readinessNamesNoHostOrPort() {
        RawHttp.Response r = RawHttp.get("/health/ready");
        assertFalse(r.body().contains("\"host\"") || r.body().contains("\"port\"") || r.body().contains("127.0.0.1")
                || r.body().contains(Integer.toString(ItEnvironment.SMTP_PORT)), r.body());
        assertTrue(r.body().contains("\"smtp\""), "the check is still named: " + r.body());
    }
}
