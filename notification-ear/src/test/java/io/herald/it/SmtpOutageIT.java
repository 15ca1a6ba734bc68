package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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
 * The SMTP server goes away for longer than the circuit breaker's open delay while
 * notifications keep arriving: readiness reports it, nothing is lost or dead-lettered, no
 * attempt budget is used up waiting, and everything is delivered once the server is back.
 */
@ExtendWith(ArquillianExtension.class)
class SmtpOutageIT {

    private static final String TEMPLATE = "outage_" + UUID.randomUUID().toString().substring(0, 8);
    private static final int NOTIFICATIONS = 20;
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    /** The breaker's open delay in the test domain (prepare-test-domain.sh), not the 10 s default. */
    private static final long BREAKER_DELAY_MS = 8000;
    private static Mailbox mailbox;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void smtp() {
        mailbox = Mailbox.start();
    }

    @AfterAll
    static void stopSmtp() {
        mailbox.close();
    }

    private static String smtpCheck() {
        HttpResponse<String> r = Api.get("/health/ready");
        return Api.json(r).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("smtp")).findFirst().orElseThrow().getString("status")
                + "/" + r.statusCode();
    }

    private static boolean lastEventContains(JsonObject status, String detailPart) {
        List<JsonObject> events = status.getJsonArray("events").getValuesAs(JsonObject.class);
        return !events.isEmpty() && events.get(events.size() - 1).getString("detail", "").contains(detailPart);
    }

    @Test
    void everythingIsDeliveredAfterAnOutageLongerThanTheBreakerDelay() {
        Api.createTemplate(TEMPLATE, "Back {{n}}", "<p>{{n}}</p>", "{{n}}");
        Await.until("ready with SMTP up", Duration.ofSeconds(20), () -> smtpCheck().equals("UP/200"));

        mailbox.down();
        long outageStarted = System.nanoTime();
        Await.until("readiness DOWN while SMTP is down", Duration.ofSeconds(20), () -> smtpCheck().equals("DOWN/503"));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < NOTIFICATIONS; i++) {
            String requestId = "outage-" + i + "-" + UUID.randomUUID();
            HttpResponse<String> accepted = Api.post("/api/v1/notifications",
                    Api.emailRequest(requestId, "outage-" + i + "-" + UUID.randomUUID() + "@example.com", TEMPLATE, "{\"n\":" + i + "}"));
            assertEquals(202, accepted.statusCode(), "accepting must not depend on SMTP: " + accepted.body());
            ids.add(requestId);
        }
        for (String id : ids) {
            Await.until("a retry scheduled for " + id, Duration.ofSeconds(30), () -> Api.status(id),
                    s -> s != null && "RETRY_SCHEDULED".equals(s.getString("status")));
        }
        JsonObject deferred = Await.until("the circuit breaker to open", Duration.ofSeconds(60),
                () -> ids.stream().map(Api::status).filter(s -> s != null && "RETRY_SCHEDULED".equals(s.getString("status"))
                        && lastEventContains(s, "SMTP circuit open")).findFirst().orElse(null), s -> s != null);
        // a deferral waits as long as the breaker stays open, as configured (prepare-test-domain.sh), not a constant
        long deferredMs = java.time.Duration.between(java.time.Instant.parse(deferred.getString("updated_at")),
                java.time.Instant.parse(deferred.getString("next_attempt_at"))).toMillis();
        assertTrue(Math.abs(deferredMs - BREAKER_DELAY_MS) < 1000,
                "deferred by " + deferredMs + " ms, the configured breaker delay is " + BREAKER_DELAY_MS + " ms: " + deferred);
        // the scenario: keep the server down for longer than the breaker's open delay (8 s here)
        Await.until("the outage to last " + OUTAGE, OUTAGE.plusSeconds(5),
                () -> System.nanoTime() - outageStarted >= OUTAGE.toNanos());

        mailbox.up();
        long recovered = System.nanoTime();
        Await.until("readiness UP again", Duration.ofSeconds(20), () -> smtpCheck().equals("UP/200"));
        java.util.Set<Long> notificationIds = new java.util.HashSet<>();
        for (String id : ids) {
            JsonObject delivered = Await.until("delivery of " + id + " after recovery", Duration.ofSeconds(120),
                    () -> Api.status(id), s -> s != null && "DELIVERED".equals(s.getString("status")));
            // each try during the outage was deferred without counting: only the delivering attempt counts
            assertEquals(1, delivered.getInt("attempts"), "waiting out the outage used no attempts: " + delivered);
            notificationIds.add(delivered.getJsonNumber("notification_id").longValue());
        }
        System.out.printf("outage %d s, %d notifications drained %d ms after recovery%n",
                (recovered - outageStarted) / 1_000_000_000, NOTIFICATIONS, (System.nanoTime() - recovered) / 1_000_000);
        assertTrue(Broker.browse("NotificationDeadLetterQueue").stream()
                .noneMatch(m -> notificationIds.contains(Broker.longProperty(m, "notificationId"))), "nothing dead-lettered");
        assertEquals(0, Database.count("select count(*) from email_log where request_id = any(?) and status <> 'DELIVERED'",
                (Object) ids.toArray(new String[0])));
    }
}
