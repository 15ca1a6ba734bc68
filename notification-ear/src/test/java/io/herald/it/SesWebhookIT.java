package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bounces and complaints on real parts: Amazon SES notifications through SNS, from a real HTTPS
 * server in the test JVM that serves the signing certificate and takes subscription
 * confirmations ({@link SnsServer}), and the generic webhook with a {@code webhook} key. Each
 * report is checked by what it changed: the suppression list, the notification's events, and the
 * next mail to the address.
 */
@ExtendWith(ArquillianExtension.class)
class SesWebhookIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String TEMPLATE = "bounce_" + UUID.randomUUID().toString().substring(0, 8);
    private static SnsServer sns;
    private static Mailbox mailbox;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void setUp() {
        sns = SnsServer.start();
        mailbox = Mailbox.start();
        Api.createTemplate(TEMPLATE, "Order {{n}}", "<p>{{n}}</p>", "{{n}}");
    }

    @AfterAll
    static void stop() {
        sns.close();
        mailbox.close();
    }

    @Test
    void aSubscriptionToTheAllowedTopicIsConfirmedAndNoOtherIs() {
        String token = "tok" + UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> ok = postSns(sns.confirmation(ItEnvironment.SES_TOPIC, SnsServer.url("/confirm?Action=ConfirmSubscription&Token=" + token), token));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("confirmed", Api.json(ok).getString("outcome"));
        assertTrue(sns.requests().contains("GET /confirm?Action=ConfirmSubscription&Token=" + token), sns.requests().toString());
        assertTrue(sns.requests().contains("GET " + SnsServer.CERT_PATH), "the certificate was fetched: " + sns.requests());

        // another topic, correctly signed: refused, and its SubscribeURL is never fetched (the answer comes after the decision)
        String other = "tok" + UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> refused = postSns(sns.confirmation("arn:aws:sns:eu-west-1:123456789012:someone-else",
                SnsServer.url("/confirm?Action=ConfirmSubscription&Token=" + other), other));
        assertProblem(403, refused);
        // an allowed topic whose SubscribeURL points elsewhere: refused, not fetched
        String elsewhere = "tok" + UUID.randomUUID().toString().replace("-", "");
        assertProblem(403, postSns(sns.confirmation(ItEnvironment.SES_TOPIC,
                "https://127.0.0.1:" + (ItEnvironment.SNS_PORT + 1) + "/confirm?Token=" + elsewhere, elsewhere)));
        assertFalse(sns.requests().stream().anyMatch(r -> r.contains(other) || r.contains(elsewhere)), sns.requests().toString());
    }

    @Test
    void aPermanentBounceSuppressesTheAddressAndMarksTheNotification() {
        String address = "gone-" + UUID.randomUUID() + "@example.com";
        long id = deliveredTo(address);
        // SES reports the address as the mailbox gave it; signature version 1 (SHA1withRSA)
        HttpResponse<String> r = postSns(sns.notification(bounce("Permanent", address.toUpperCase(Locale.ROOT), id), "1", null));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("recorded", Api.json(r).getString("outcome"));

        JsonObject entry = onlySuppression(address);
        assertEquals("HARD_BOUNCE", entry.getString("reason"));
        assertEquals("ses", entry.getString("source"));
        assertTrue(entry.isNull("category"), entry.toString());

        JsonObject bounced = onlyEvent(id, "BOUNCED");
        assertTrue(bounced.getString("detail").startsWith("hard (ses): 5.1.1"), bounced.toString());
        assertFalse(bounced.getString("detail").toLowerCase(Locale.ROOT).contains("example.com"), "no address in the event: " + bounced);

        // the next mail to that address is not sent
        String next = "bounce-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(next, address, TEMPLATE, "{\"n\":2}")).statusCode());
        Await.until("SUPPRESSED", DELIVERY, () -> Api.status(next), s -> s != null && "SUPPRESSED".equals(s.getString("status")));
    }

    @Test
    void aForgedOrAlteredMessageIsRefusedAndChangesNothing() throws NoSuchAlgorithmException {
        String address = "forged-" + UUID.randomUUID() + "@example.com";
        String altered = "altered-" + UUID.randomUUID() + "@example.com";
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey forger = g.generateKeyPair().getPrivate();

        // signed with another key, in both versions
        assertProblem(403, postSns(sns.notification(bounce("Permanent", address, null), "1", forger)));
        assertProblem(403, postSns(sns.notification(bounce("Permanent", address, null), "2", forger)));
        // signed by SNS, then the message changed to name someone else
        JsonObject genuine = sns.notification(bounce("Permanent", address, null), "2", null);
        assertProblem(403, postSns(Json.createObjectBuilder(genuine).add("Message", bounce("Permanent", altered, null)).build()));
        // a certificate URL of the forger's choosing: plain http, or a host that is not SNS's
        assertProblem(403, postSns(Json.createObjectBuilder(genuine).add("SigningCertURL",
                "http://127.0.0.1:" + ItEnvironment.SNS_PORT + SnsServer.CERT_PATH).build()));
        assertProblem(403, postSns(Json.createObjectBuilder(genuine).add("SigningCertURL",
                "https://127.0.0.2:" + ItEnvironment.SNS_PORT + SnsServer.CERT_PATH).build()));
        // another topic, correctly signed
        assertProblem(403, postSns(sns.resign(Json.createObjectBuilder(genuine)
                .add("TopicArn", "arn:aws:sns:eu-west-1:123456789012:someone-else").build())));
        // no signature at all, or not SNS's format
        assertProblem(400, postSns(Json.createObjectBuilder(genuine).remove("Signature").build()));
        assertProblem(400, Api.withHeaders("POST", "/api/v1/webhooks/ses", "not json", "Content-Type", "text/plain; charset=UTF-8"));
        assertProblem(405, Api.withHeaders("GET", "/api/v1/webhooks/ses", null));

        for (String a : List.of(address, altered)) {
            JsonObject page = Api.json(Api.get("/api/v1/suppressions?address=" + URLEncoder.encode(a, StandardCharsets.UTF_8)));
            assertEquals(0, page.getJsonArray("items").size(), a + ": " + page);
        }
        // and the genuine message itself still goes through: what was refused was the forgery
        assertEquals(200, postSns(genuine).statusCode());
        assertEquals("HARD_BOUNCE", onlySuppression(address).getString("reason"));
    }

    @Test
    void aTransientBounceIsOnlyAnEventAndAComplaintSuppresses() {
        String address = "full-" + UUID.randomUUID() + "@example.com";
        long id = deliveredTo(address);
        assertEquals(200, postSns(sns.notification(bounce("Transient", address, id), "2", null)).statusCode());
        assertTrue(onlyEvent(id, "BOUNCED").getString("detail").startsWith("soft (ses)"));
        JsonObject none = Api.json(Api.get("/api/v1/suppressions?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8)));
        assertEquals(0, none.getJsonArray("items").size(), none.toString());

        String complaint = "{\"notificationType\":\"Complaint\",\"complaint\":{\"complaintFeedbackType\":\"abuse\","
                + "\"complainedRecipients\":[{\"emailAddress\":\"" + address + "\"}]},\"mail\":" + mail(id) + "}";
        assertEquals(200, postSns(sns.notification(complaint, "2", null)).statusCode());
        assertEquals("COMPLAINT", onlySuppression(address).getString("reason"));
        assertEquals("complaint (ses): feedback type abuse", onlyEvent(id, "COMPLAINED").getString("detail"));

        // a delivery notification is signed and allowed, and not Herald's business
        HttpResponse<String> delivery = postSns(sns.notification("{\"notificationType\":\"Delivery\",\"mail\":" + mail(id) + "}", "2", null));
        assertEquals("ignored", Api.json(delivery).getString("outcome"));
    }

    @Test
    void theGenericWebhookTakesReportsFromAWebhookKeyOnly() {
        String key = Api.issueKey("webhook");
        String hard = "hard-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> r = webhook(key, "{\"address\":\"" + hard + "\",\"type\":\"hard\",\"diagnostic\":\"550 5.1.1 " + hard + " unknown\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(Api.json(r).getBoolean("suppression_added"), r.body());
        JsonObject entry = onlySuppression(hard);
        assertEquals("HARD_BOUNCE", entry.getString("reason"));
        assertEquals("webhook", entry.getString("source"));
        assertFalse(Api.json(webhook(key, "{\"address\":\"" + hard + "\",\"type\":\"hard\"}")).getBoolean("suppression_added"),
                "a repeated report adds nothing");

        String soft = "soft-" + UUID.randomUUID() + "@example.com";
        long id = deliveredTo(soft);
        HttpResponse<String> s = webhook(key, "{\"address\":\"" + soft + "\",\"type\":\"soft\",\"diagnostic\":\"452 mailbox full\",\"notification_id\":" + id + "}");
        assertEquals(200, s.statusCode(), s.body());
        assertTrue(Api.json(s).getBoolean("notification_matched"), s.body());
        assertEquals("soft (webhook): 452 mailbox full", onlyEvent(id, "BOUNCED").getString("detail"));
        // the id of a notification to someone else does not match
        HttpResponse<String> wrong = webhook(key, "{\"address\":\"someone-" + UUID.randomUUID() + "@example.com\",\"type\":\"soft\",\"notification_id\":" + id + "}");
        assertFalse(Api.json(wrong).getBoolean("notification_matched"), wrong.body());
        assertEquals(1, PushIT.events(statusById(id), "BOUNCED").size());

        String angry = "angry-" + UUID.randomUUID() + "@example.com";
        assertEquals(200, webhook(key, "{\"address\":\"" + angry + "\",\"type\":\"complaint\"}").statusCode());
        assertEquals("COMPLAINT", onlySuppression(angry).getString("reason"));

        // bad input names every field; other scopes and no key are refused
        HttpResponse<String> bad = webhook(key, "{\"address\":\"nope\",\"type\":\"bounced\",\"notification_id\":\"x\"}");
        assertProblem(400, bad);
        for (String field : List.of("address", "type", "notification_id")) {
            assertTrue(bad.body().contains("\"" + field + "\""), field + " in " + bad.body());
        }
        String body = "{\"address\":\"x-" + UUID.randomUUID() + "@example.com\",\"type\":\"hard\"}";
        assertProblem(403, webhook(Api.issueKey("send", "read", "users"), body));
        assertProblem(401, Api.withHeaders("POST", "/api/v1/webhooks/bounces", body, "Content-Type", "application/json"));
    }

    // ---- helpers --------------------------------------------------------------------------

    /** Sends an email to the address and waits until it is DELIVERED; its notification id. */
    private static long deliveredTo(String address) {
        String requestId = "bounce-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(requestId, address, TEMPLATE, "{\"n\":1}")).statusCode());
        JsonObject status = Await.until("DELIVERED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        REQUEST_IDS.put(status.getJsonNumber("notification_id").longValue(), requestId);
        return status.getJsonNumber("notification_id").longValue();
    }

    private static final java.util.Map<Long, String> REQUEST_IDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonObject statusById(long id) {
        return Api.status(REQUEST_IDS.get(id));
    }

    private static JsonObject onlyEvent(long id, String type) {
        List<JsonObject> events = PushIT.events(statusById(id), type);
        assertEquals(1, events.size(), type + " events of " + id + ": " + statusById(id));
        return events.get(0);
    }

    private static JsonObject onlySuppression(String address) {
        JsonObject page = Api.json(Api.get("/api/v1/suppressions?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8)));
        assertEquals(1, page.getJsonArray("items").size(), page.toString());
        return page.getJsonArray("items").getJsonObject(0);
    }

    /** An SES bounce notification for one recipient, with the original mail's headers when {@code id} is given. */
    private static String bounce(String type, String address, Long id) {
        return "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"" + type + "\",\"bounceSubType\":\"General\","
                + "\"bouncedRecipients\":[{\"emailAddress\":\"" + address + "\",\"action\":\"failed\",\"status\":\"5.1.1\","
                + "\"diagnosticCode\":\"smtp; 550 5.1.1 <" + address + ">: Recipient address rejected\"}],"
                + "\"timestamp\":\"2026-12-03T10:00:00.000Z\",\"feedbackId\":\"0100-it\"}"
                + (id == null ? "" : ",\"mail\":" + mail(id)) + "}";
    }

    private static String mail(long id) {
        return "{\"timestamp\":\"2026-12-03T09:59:58.000Z\",\"messageId\":\"0100-it-" + id + "\",\"source\":\"noreply@herald.local\","
                + "\"headersTruncated\":false,\"headers\":[{\"name\":\"From\",\"value\":\"noreply@herald.local\"},"
                + "{\"name\":\"X-Notification-Id\",\"value\":\"" + id + "\"}]}";
    }

    /** POSTs as SNS does: no key, {@code text/plain}, the SNS headers. */
    private static HttpResponse<String> postSns(JsonObject message) {
        return Api.withHeaders("POST", "/api/v1/webhooks/ses", message.toString(),
                "Content-Type", "text/plain; charset=UTF-8",
                "x-amz-sns-message-type", message.getString("Type"),
                "x-amz-sns-message-id", message.getString("MessageId"),
                "x-amz-sns-topic-arn", message.getString("TopicArn"));
    }

    private static HttpResponse<String> webhook(String key, String body) {
        return Api.withHeaders("POST", "/api/v1/webhooks/bounces", body, "Content-Type", "application/json", "Authorization", "Bearer " + key);
    }

    private static void assertProblem(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), r.body());
        assertFalse(r.body().contains("Exception"), r.body());
    }


}
