package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Message;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * What happens when things break between the database and the broker: the XA transaction keeps
 * row and message together both ways, and a poison message ends in the dead-letter queue with
 * its body intact instead of being dropped or looping forever.
 *
 * <p>Failures are forced from outside the application with PostgreSQL triggers that only fire
 * for request ids carrying this test's markers, so no other test is affected.
 */
@ExtendWith(ArquillianExtension.class)
class MessagingFailuresIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String TEMPLATE = "xa_" + UUID.randomUUID().toString().substring(0, 8);
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
    static void cleanUp() {
        mailbox.close();
        Database.execute("DROP TRIGGER IF EXISTS it_fail_at_commit ON email_log",
                "DROP TRIGGER IF EXISTS it_fail_on_insert ON email_log",
                "DROP TRIGGER IF EXISTS it_stall_on_update ON email_log",
                "DROP FUNCTION IF EXISTS it_fail_marked()",
                "DROP FUNCTION IF EXISTS it_stall_marked()",
                "DROP TABLE IF EXISTS it_stall");
    }

    private static void installFaults() {
        if (Api.get("/api/v1/templates/" + TEMPLATE).statusCode() == 404) {
            Api.createTemplate(TEMPLATE, "Hi {{name}}", "<p>Hi {{name}}</p>", "Hi {{name}}");
        }
        Database.execute("""
                CREATE OR REPLACE FUNCTION it_fail_marked() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.request_id LIKE 'it-fail-%' THEN
                    RAISE EXCEPTION 'integration test: forced failure (%)', TG_NAME;
                  END IF;
                  RETURN NEW;
                END $$""",
                "DROP TRIGGER IF EXISTS it_fail_at_commit ON email_log",
                "DROP TRIGGER IF EXISTS it_fail_on_insert ON email_log",
                // fires at PREPARE/COMMIT: after the JMS message was sent in the same transaction
                "CREATE CONSTRAINT TRIGGER it_fail_at_commit AFTER INSERT ON email_log DEFERRABLE INITIALLY DEFERRED"
                        + " FOR EACH ROW WHEN (NEW.request_id LIKE 'it-fail-commit-%') EXECUTE FUNCTION it_fail_marked()",
                // fires on the INSERT itself
                "CREATE TRIGGER it_fail_on_insert BEFORE INSERT ON email_log"
                        + " FOR EACH ROW WHEN (NEW.request_id LIKE 'it-fail-insert-%') EXECUTE FUNCTION it_fail_marked()");
    }

    @Test
    void failureAfterTheJmsSendLeavesNoRowAndNoDelivery() {
        assertNothingSurvives("it-fail-commit-" + UUID.randomUUID());
    }

    @Test
    void failureOfTheInsertSendsNothing() {
        assertNothingSurvives("it-fail-insert-" + UUID.randomUUID());
    }

    private void assertNothingSurvives(String requestId) {
        installFaults();
        String to = "xa-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> r = Api.post("/api/v1/notifications", Api.emailRequest(requestId, to, TEMPLATE, "{\"name\":\"X\"}"));
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(0, Database.count("select count(*) from email_log where request_id = ?", requestId));

        // a later notification is delivered; the rolled-back one never is
        String canary = "canary-" + UUID.randomUUID() + "@example.com";
        String canaryId = "canary-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(canaryId, canary, TEMPLATE, "{}")).statusCode());
        Await.until("the canary email", DELIVERY, () -> !mailbox.to(canary).isEmpty());
        Await.until("status DELIVERED", DELIVERY, () -> Api.status(canaryId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertEquals(0, mailbox.to(to).size());
        assertEquals(404, Api.get("/api/v1/notifications/" + requestId).statusCode());
        Await.until("no prepared transaction left behind", Duration.ofSeconds(10),
                () -> Database.count("select count(*) from pg_prepared_xacts where database = current_database()") == 0);
    }

    /**
     * A delivery that fails a whole round of redeliveries for a reason that passes (here: every
     * update of its row fails until the test lifts the fault; in a cluster, a row still held by
     * a dead instance's in-doubt transaction) is put back on its queue and delivered once the
     * reason is gone, instead of being dead-lettered after the round's few seconds.
     */
    @Test
    void aDeliveryThatFailsARoundForAWhileIsRetriedLaterNotDeadLettered() {
        installFaults();
        String requestId = "it-stall-" + UUID.randomUUID();
        String to = "stall-" + UUID.randomUUID() + "@example.com";
        Database.execute("CREATE TABLE IF NOT EXISTS it_stall (request_id TEXT PRIMARY KEY)",
                "INSERT INTO it_stall VALUES ('" + requestId + "')",
                """
                CREATE OR REPLACE FUNCTION it_stall_marked() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM it_stall WHERE request_id = NEW.request_id) THEN
                    RAISE EXCEPTION 'integration test: row stalled';
                  END IF;
                  RETURN NEW;
                END $$""",
                "DROP TRIGGER IF EXISTS it_stall_on_update ON email_log",
                "CREATE TRIGGER it_stall_on_update BEFORE UPDATE ON email_log"
                        + " FOR EACH ROW WHEN (NEW.request_id LIKE 'it-stall-%') EXECUTE FUNCTION it_stall_marked()");
        double requeuedBefore = requeued();
        HttpResponse<String> r = Api.post("/api/v1/notifications", Api.emailRequest(requestId, to, TEMPLATE, "{\"name\":\"S\"}"));
        assertEquals(202, r.statusCode(), r.body());
        long id = Database.count("select id from email_log where request_id = ?", requestId);

        // a whole round (6 deliveries) failed: the message went back on its queue, not to the dead letters
        Await.until("the message put back on its queue", DELIVERY, MessagingFailuresIT::requeued, n -> n > requeuedBefore);
        assertTrue(Broker.browse("NotificationDeadLetterQueue").stream()
                .noneMatch(m -> String.valueOf(id).equals(Broker.property(m, "notificationId"))), "not dead-lettered");
        assertEquals(0, mailbox.to(to).size());

        Database.execute("DELETE FROM it_stall WHERE request_id = '" + requestId + "'");
        Await.until("DELIVERED once the fault is gone", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertEquals(1, mailbox.to(to).size());
        assertTrue(Broker.browse("NotificationDeadLetterQueue").stream()
                .noneMatch(m -> String.valueOf(id).equals(Broker.property(m, "notificationId"))), "still not dead-lettered");
    }

    /** The notifications.requeued counter of the application's metrics. */
    private static double requeued() {
        HttpResponse<String> metrics = Api.withHeaders("GET", "/metrics?scope=application", null,
                "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY);
        assertEquals(200, metrics.statusCode(), metrics.body());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^notifications_requeued_total(\\{[^}]*\\})?\\s+([0-9.eE+]+)")
                .matcher(metrics.body());
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    @Test
    void poisonMessageEndsInTheDeadLetterQueueWithItsBody() {
        String poison = "not a delivery command " + UUID.randomUUID();
        Broker.sendText("NotificationEmailQueue", poison);

        Message dead = Await.until("the poison message in the dead-letter queue", Duration.ofSeconds(60),
                () -> Broker.browse("NotificationDeadLetterQueue").stream()
                        .filter(m -> poison.equals(Broker.text(m))).findFirst().orElse(null),
                m -> m != null);
        String reason = Broker.property(dead, "deadLetterReason");
        assertTrue(reason.startsWith("unreadable delivery command"), reason);
        assertEquals("6", Broker.property(dead, "deliveryCount"));
        assertTrue(Broker.property(dead, "originalDestination").contains("NotificationEmailQueue"),
                Broker.property(dead, "originalDestination"));
        List<Message> stillQueued = Broker.browse("NotificationEmailQueue").stream()
                .filter(m -> poison.equals(Broker.text(m))).toList();
        assertEquals(0, stillQueued.size());
    }
}
