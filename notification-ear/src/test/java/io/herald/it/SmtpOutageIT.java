package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SMTP server goes away and comes back: readiness reports it, accepted notifications are
 * retried (rescheduled through the broker, not by sleeping threads) and delivered afterwards.
 */
@ExtendWith(ArquillianExtension.class)
class SmtpOutageIT {

    private static final String TEMPLATE = "outage_" + UUID.randomUUID().toString().substring(0, 8);
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

    @Test
    void deliveredAfterTheSmtpServerComesBack() {
        Api.createTemplate(TEMPLATE, "Back {{n}}", "<p>{{n}}</p>", "{{n}}");
        Await.until("ready with SMTP up", Duration.ofSeconds(20), () -> smtpCheck().equals("UP/200"));

        mailbox.down();
        Await.until("readiness DOWN while SMTP is down", Duration.ofSeconds(20), () -> smtpCheck().equals("DOWN/503"));

        String to = "outage-" + UUID.randomUUID() + "@example.com";
        String requestId = "outage-" + UUID.randomUUID();
        HttpResponse<String> accepted = Api.post("/api/v1/notifications", Api.emailRequest(requestId, to, TEMPLATE, "{\"n\":1}"));
        assertEquals(202, accepted.statusCode(), "accepting must not depend on SMTP: " + accepted.body());

        JsonObject retrying = Await.until("a retry to be scheduled", Duration.ofSeconds(30), () -> Api.status(requestId),
                s -> s != null && "RETRY_SCHEDULED".equals(s.getString("status")));
        assertTrue(retrying.containsKey("next_attempt_at"), retrying.toString());
        assertTrue(retrying.getString("last_error").contains("Connect")
                || retrying.getString("last_error").contains("circuit"), retrying.getString("last_error"));

        mailbox.up();
        Await.until("readiness UP again", Duration.ofSeconds(20), () -> smtpCheck().equals("UP/200"));
        JsonObject delivered = Await.until("delivery after recovery", Duration.ofSeconds(90), () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertTrue(delivered.getInt("attempts") >= 2, delivered.toString());
        assertEquals(1, mailbox.to(to).size());
        assertTrue(delivered.getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getString("type").equals("RETRY_SCHEDULED")));
    }
}
