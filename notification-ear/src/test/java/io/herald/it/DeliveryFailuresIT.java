package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How delivery treats what the SMTP server answers: 4xx is retried through the broker until it
 * works, 5xx fails at once, a 4xx that never ends exhausts the attempts and parks the
 * notification in the dead-letter queue, where an operator can see it and replay it.
 */
@ExtendWith(ArquillianExtension.class)
class DeliveryFailuresIT {

    private static final String TEMPLATE = "fail_" + UUID.randomUUID().toString().substring(0, 8);
    private static ScriptedSmtp smtp;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void start() {
        smtp = new ScriptedSmtp();
    }

    @AfterAll
    static void stop() {
        smtp.close();
    }

    private static String send(String to) {
        if (Api.get("/api/v1/templates/" + TEMPLATE).statusCode() == 404) {
            Api.createTemplate(TEMPLATE, "Note {{n}}", "<p>{{n}}</p>", "{{n}}");
        }
        String requestId = "f-" + UUID.randomUUID();
        HttpResponse<String> r = Api.post("/api/v1/notifications", Api.emailRequest(requestId, to, TEMPLATE, "{\"n\":1}"));
        assertEquals(202, r.statusCode(), r.body());
        return requestId;
    }

    private static JsonObject awaitStatus(String requestId, String status, Duration timeout) {
        return Await.until("status " + status, timeout, () -> Api.status(requestId),
                s -> s != null && status.equals(s.getString("status")));
    }

    private static List<String> eventTypes(JsonObject status) {
        return status.getJsonArray("events").getValuesAs(JsonObject.class).stream().map(e -> e.getString("type")).toList();
    }

    @Test
    void temporaryRefusalIsRetriedUntilDelivered() {
        String to = "tempfail4-" + UUID.randomUUID() + "@example.com";
        String requestId = send(to);
        JsonObject delivered = awaitStatus(requestId, "DELIVERED", Duration.ofSeconds(60));
        // 3 calls per attempt (in-call @Retry), so the 4th refusal falls into attempt 2
        assertEquals(2, delivered.getInt("attempts"), delivered.toString());
        assertEquals(5, smtp.calls(to), "4 refusals, then accepted");
        assertTrue(eventTypes(delivered).contains("RETRY_SCHEDULED"), delivered.toString());
        assertTrue(delivered.getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getString("detail", "").startsWith("451")), delivered.toString());
        assertEquals(1, smtp.to(to).size());
    }

    /**
     * A chunk of a batch goes over one connection; a member's 451 is retried alone (its own
     * delayed message on the email queue) and a 550 fails it, while the others are delivered
     * once, on their first attempt, over a fresh connection after each refusal.
     */
    @Test
    void aBatchMembersFailuresAreItsOwn() {
        send("warm-up-" + UUID.randomUUID() + "@example.com"); // creates the template
        String tag = UUID.randomUUID().toString();
        List<String> to = List.of("tempfail1-" + tag + "@example.com", "ok1-" + tag + "@example.com",
                "reject-" + tag + "@example.com", "ok2-" + tag + "@example.com");
        StringBuilder recipients = new StringBuilder();
        for (int i = 0; i < to.size(); i++) {
            recipients.append(i == 0 ? "" : ",").append("{\"to\":\"").append(to.get(i)).append("\",\"request_id\":\"fb-")
                    .append(i).append('-').append(tag).append("\"}");
        }
        HttpResponse<String> r = Api.post("/api/v1/batches", "{\"template_code\":\"" + TEMPLATE
                + "\",\"variables\":{\"n\":2},\"recipients\":[" + recipients + "]}");
        assertEquals(202, r.statusCode(), r.body());
        JsonObject retried = awaitStatus("fb-0-" + tag, "DELIVERED", Duration.ofSeconds(60));
        assertEquals(2, retried.getInt("attempts"), "the chunk's attempt, then its own: " + retried);
        assertTrue(eventTypes(retried).contains("RETRY_SCHEDULED"), retried.toString());
        JsonObject rejected = awaitStatus("fb-2-" + tag, "FAILED", Duration.ofSeconds(30));
        assertEquals(1, rejected.getInt("attempts"));
        assertTrue(rejected.getString("last_error").startsWith("550"), rejected.getString("last_error"));
        for (int i : new int[] {1, 3}) {
            JsonObject ok = awaitStatus("fb-" + i + "-" + tag, "DELIVERED", Duration.ofSeconds(30));
            assertEquals(1, ok.getInt("attempts"), ok.toString());
            assertEquals(1, smtp.to(to.get(i)).size(), to.get(i));
        }
        assertEquals(1, smtp.to(to.get(0)).size());
        assertTrue(smtp.to(to.get(2)).isEmpty());
    }

    @Test
    void permanentRejectionFailsAtOnce() {
        String to = "reject-" + UUID.randomUUID() + "@example.com";
        String requestId = send(to);
        JsonObject failed = awaitStatus(requestId, "FAILED", Duration.ofSeconds(30));
        assertEquals(1, failed.getInt("attempts"));
        assertEquals(1, smtp.calls(to), "one SMTP call, no retries");
        assertTrue(failed.getString("last_error").startsWith("550"), failed.getString("last_error"));
        assertFalse(failed.getString("last_error").contains("@"), "addresses are redacted: " + failed.getString("last_error"));
        assertFalse(eventTypes(failed).contains("RETRY_SCHEDULED"));
        assertTrue(smtp.to(to).isEmpty());
    }

    @Test
    void exhaustedAttemptsEndInTheDeadLetterQueueAndReplayDelivers() {
        String to = "always451-" + UUID.randomUUID() + "@example.com";
        String requestId = send(to);
        JsonObject failed = awaitStatus(requestId, "FAILED", Duration.ofSeconds(90));
        assertEquals(5, failed.getInt("attempts"));
        assertTrue(failed.getString("last_error").startsWith("gave up after 5 attempts: 451"), failed.getString("last_error"));
        long notificationId = failed.getJsonNumber("notification_id").longValue();

        JsonObject deadLetter = Await.until("the dead letter in the admin API", Duration.ofSeconds(20),
                () -> Api.json(Api.get("/api/v1/admin/dead-letters?limit=500")).getJsonArray("items")
                        .getValuesAs(JsonObject.class).stream()
                        .filter(d -> d.containsKey("notification_id") && d.getJsonNumber("notification_id").longValue() == notificationId)
                        .findFirst().orElse(null),
                d -> d != null);
        assertEquals(5, deadLetter.getInt("attempts"));
        assertTrue(deadLetter.getString("reason").startsWith("gave up after 5 attempts"), deadLetter.toString());
        assertTrue(deadLetter.containsKey("first_failure_at") && deadLetter.containsKey("last_failure_at"), deadLetter.toString());
        assertEquals(5, deadLetter.getString("attempt_history").split("\n").length, deadLetter.toString());

        smtp.heal(to);
        String messageId = URLEncoder.encode(deadLetter.getString("message_id"), StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> replay = Api.post("/api/v1/admin/dead-letters/" + messageId + "/replay", "");
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals("REPLAYED", Api.json(replay).getString("outcome"));

        JsonObject delivered = awaitStatus(requestId, "DELIVERED", Duration.ofSeconds(30));
        assertEquals(1, delivered.getInt("attempts"), "attempts were reset by the replay");
        assertTrue(eventTypes(delivered).contains("REPLAYED"));
        assertEquals(1, smtp.to(to).size());
        assertEquals(404, Api.post("/api/v1/admin/dead-letters/" + messageId + "/replay", "").statusCode());
    }

    @Test
    void bulkReplayByReasonDeliversEveryMatchingDeadLetter() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        List<String> addresses = List.of("always451-" + marker + "-a@example.com", "always451-" + marker + "-b@example.com");
        List<String> requestIds = addresses.stream().map(DeliveryFailuresIT::send).toList();
        for (String requestId : requestIds) {
            awaitStatus(requestId, "FAILED", Duration.ofSeconds(90));
        }
        addresses.forEach(smtp::heal);
        HttpResponse<String> bulk = Api.post("/api/v1/admin/dead-letters/replay",
                "{\"reason_contains\":\"gave up after 5 attempts\",\"max\":1000}");
        assertEquals(200, bulk.statusCode(), bulk.body());
        assertTrue(Api.json(bulk).getInt("replayed") >= 2, bulk.body());
        for (String requestId : requestIds) {
            awaitStatus(requestId, "DELIVERED", Duration.ofSeconds(30));
        }
        addresses.forEach(a -> assertEquals(1, smtp.to(a).size()));
        HttpResponse<String> badFilter = Api.post("/api/v1/admin/dead-letters/replay", "{\"max\":0}");
        assertEquals(400, badFilter.statusCode(), badFilter.body());
    }

    @Test
    void deadLettersCanBePurgedAndQueuesInspected() {
        String poison = "purge me " + UUID.randomUUID();
        Broker.sendText("NotificationEmailQueue", poison);
        JsonObject deadLetter = Await.until("the poison message in the admin API", Duration.ofSeconds(60),
                () -> Api.json(Api.get("/api/v1/admin/dead-letters?limit=500")).getJsonArray("items")
                        .getValuesAs(JsonObject.class).stream()
                        .filter(d -> d.getString("reason", "").startsWith("unreadable") && d.getInt("delivery_count", 0) == 6)
                        .filter(d -> Broker.browse("NotificationDeadLetterQueue").stream()
                                .anyMatch(m -> poison.equals(Broker.text(m)) && d.getString("message_id").equals(messageId(m))))
                        .findFirst().orElse(null),
                d -> d != null);
        String id = URLEncoder.encode(deadLetter.getString("message_id"), StandardCharsets.UTF_8).replace("+", "%20");

        // nothing consumes the dead-letter queue (operators do, through the API), so its depth moves
        // only by what this test puts there (and takes back): a depth the test controls
        String probe = UUID.randomUUID().toString();
        int before = depthsAsTheBrokerCountsThem().getInt("dead_letter");
        assertTrue(before >= 1, "the poison message counts");
        for (int i = 0; i < 3; i++) {
            Broker.sendText("NotificationDeadLetterQueue", "depth probe " + i, "itDepthProbe", probe);
        }
        int taken;
        try {
            JsonObject depths = depthsAsTheBrokerCountsThem();
            assertEquals(before + 3, depths.getInt("dead_letter"), depths.toString());
        } finally {
            taken = Broker.take("NotificationDeadLetterQueue", "itDepthProbe = '" + probe + "'", 3, 10_000);
        }
        assertEquals(3, taken, "the test's probe messages taken back off the dead-letter queue");
        // a remembered (cached) count would still say before + 3
        assertEquals(before, depthsAsTheBrokerCountsThem().getInt("dead_letter"));

        HttpResponse<String> purge = Api.delete("/api/v1/admin/dead-letters/" + id);
        assertEquals(200, purge.statusCode(), purge.body());
        assertEquals("PURGED", Api.json(purge).getString("outcome"));
        assertEquals(404, Api.delete("/api/v1/admin/dead-letters/" + id).statusCode());
        assertTrue(Broker.browse("NotificationDeadLetterQueue").stream().noneMatch(m -> poison.equals(Broker.text(m))));
        assertTrue(Api.get("/metrics?scope=application").body().contains("notifications_queue_depth{"), "queue depth gauge");
    }

    private static final Map<String, String> QUEUES = Map.of("email", "NotificationEmailQueue",
            "push", "NotificationPushQueue", "batch_chunks", "NotificationBatchQueue", "dead_letter", "NotificationDeadLetterQueue");

    /**
     * The admin API's queue depths, once every one of them equals the broker's own count of that
     * queue (a browse through the test's client) taken just before and again just after the call.
     */
    private static JsonObject depthsAsTheBrokerCountsThem() {
        return Await.until("the admin API's queue depths to equal the broker's", Duration.ofSeconds(30),
                DepthProbe::take, DepthProbe::agrees).api();
    }

    private record DepthProbe(Map<String, Integer> before, JsonObject api, Map<String, Integer> after) {

        static DepthProbe take() {
            Map<String, Integer> before = brokerDepths();
            HttpResponse<String> r = Api.get("/api/v1/admin/queues");
            assertEquals(200, r.statusCode(), r.body());
            return new DepthProbe(before, Api.json(r), brokerDepths());
        }

        /** Deliveries keep queues moving: only when the broker stood still did both count the same messages. */
        boolean agrees() {
            return before.equals(after)
                    && before.entrySet().stream().allMatch(e -> api.getInt(e.getKey(), -1) == e.getValue());
        }

        private static Map<String, Integer> brokerDepths() {
            Map<String, Integer> depths = new TreeMap<>();
            QUEUES.forEach((name, physical) -> depths.put(name, Broker.browse(physical).size()));
            return depths;
        }
    }

    private static String messageId(jakarta.jms.Message m) {
        try {
            return m.getJMSMessageID();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
