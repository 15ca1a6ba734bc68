package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The walking skeleton end to end on real parts: REST → PostgreSQL + OpenMQ (one XA
 * transaction) → MDB → Jakarta Mail → a real SMTP server.
 */
@ExtendWith(ArquillianExtension.class)
class EmailDeliveryIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static Mailbox mailbox;
    private static final String TEMPLATE = "welcome_" + UUID.randomUUID().toString().substring(0, 8);

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

    private static void ensureTemplate() {
        if (Api.get("/api/v1/templates/" + TEMPLATE).statusCode() == 404) {
            Api.createTemplate(TEMPLATE, "Welcome, {{name}}!", "<p>Hello {{name}}, verify at <a href=\"{{link}}\">{{link}}</a></p>",
                    "Hello {{name}}, verify at {{link}}");
        }
    }

    private static String address() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void emailArrivesRenderedAndStatusBecomesDelivered() throws Exception {
        ensureTemplate();
        String to = address();
        String requestId = "req-" + UUID.randomUUID();
        HttpResponse<String> accepted = Api.post("/api/v1/notifications",
                "{\"notification_type\":\"email\",\"request_id\":\"" + requestId + "\",\"to\":\"" + to + "\","
                        + "\"template_code\":\"" + TEMPLATE + "\",\"variables\":{\"name\":\"Zoë <b>&</b>\",\"link\":\"https://x.test/v?t=1&u=2\"},"
                        + "\"priority\":7,\"metadata\":{\"correlation_id\":\"corr-it-1\"}}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertTrue(accepted.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/notifications/" + requestId));
        assertEquals("corr-it-1", accepted.headers().firstValue("X-Correlation-ID").orElse(null));
        JsonObject body = Api.json(accepted);
        assertEquals(requestId, body.getString("request_id"));
        assertEquals("ACCEPTED", body.getString("status"));

        MimeMessage mail = Await.until("the email to arrive", DELIVERY, () -> mailbox.to(to), l -> !l.isEmpty()).get(0);
        assertEquals("Welcome, Zoë <b>&</b>!", mail.getSubject());
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertEquals(2, parts.getCount());
        assertEquals("Hello Zoë <b>&</b>, verify at https://x.test/v?t=1&u=2", ((String) parts.getBodyPart(0).getContent()).strip());
        String html = ((String) parts.getBodyPart(1).getContent()).strip();
        assertTrue(html.contains("Hello Zoë &lt;b&gt;&amp;&lt;/b&gt;"), html);
        assertTrue(html.contains("href=\"https://x.test/v?t&#x3D;1&amp;u&#x3D;2\""), html);
        assertEquals("corr-it-1", mail.getHeader("X-Correlation-ID")[0]);

        JsonObject status = Await.until("status DELIVERED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertEquals(1, status.getInt("attempts"));
        assertEquals(7, status.getInt("priority"));
        assertEquals("corr-it-1", status.getString("correlation_id"));
        assertEquals(1, status.getJsonObject("template").getInt("version"));
        assertNotNull(status.getString("delivered_at"));
        List<String> events = status.getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("type")).toList();
        assertEquals(List.of("ACCEPTED", "ATTEMPT_STARTED", "DELIVERED"), events);
        assertTrue(Api.status(requestId).getJsonArray("events").getJsonObject(2).getString("detail").startsWith("250"));
    }

    @Test
    void repeatedRequestIdSendsOnce() {
        ensureTemplate();
        String to = address();
        String requestId = "dup-" + UUID.randomUUID();
        String request = Api.emailRequest(requestId, to, TEMPLATE, "{\"name\":\"Ann\",\"link\":\"l\"}");
        HttpResponse<String> first = Api.post("/api/v1/notifications", request);
        HttpResponse<String> second = Api.post("/api/v1/notifications", request);
        assertEquals(202, first.statusCode(), first.body());
        assertTrue(second.statusCode() == 202 || second.statusCode() == 409, second.body());
        long notificationId = Api.json(first).getJsonNumber("notification_id").longValue();
        if (second.statusCode() == 202) {
            // still on its way: answered with the same notification, marked as a repeat
            JsonObject repeat = Api.json(second);
            assertEquals(notificationId, repeat.getJsonNumber("notification_id").longValue(), second.body());
            assertTrue(repeat.getBoolean("duplicate", false), second.body());
        } else {
            // already delivered (a fast server): a problem naming the same request, which is all a 409 carries
            assertEquals("application/problem+json", second.headers().firstValue("Content-Type").orElse(""));
            JsonObject problem = Api.json(second);
            assertEquals("/problems/already-finished", problem.getString("type"), second.body());
            assertEquals(requestId, problem.getString("request_id"), second.body());
        }
        assertTrue(second.headers().firstValue("Location").orElse("").endsWith("/api/v1/notifications/" + requestId),
                second.headers().toString());
        // either way the repeat created nothing: one row, and it is the first response's notification
        assertEquals(1, Database.count("select count(*) from email_log where request_id = ?", requestId));
        assertEquals(notificationId, Api.status(requestId).getJsonNumber("notification_id").longValue());

        Await.until("status DELIVERED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        HttpResponse<String> afterDelivery = Api.post("/api/v1/notifications", request);
        assertEquals(409, afterDelivery.statusCode(), afterDelivery.body());
        assertEquals("application/problem+json", afterDelivery.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<String> different = Api.post("/api/v1/notifications",
                Api.emailRequest(requestId, to, TEMPLATE, "{\"name\":\"Bob\",\"link\":\"l\"}"));
        assertEquals(422, different.statusCode(), different.body());

        assertExactlyOneEmail(to);
    }

    @Test
    void concurrentDuplicatesSendOnce() throws Exception {
        ensureTemplate();
        String to = address();
        String requestId = "race-" + UUID.randomUUID();
        String request = Api.emailRequest(requestId, to, TEMPLATE, "{\"name\":\"Cy\",\"link\":\"l\"}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> Api.post("/api/v1/notifications", request)));
            }
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get();
                assertTrue(r.statusCode() == 202 || r.statusCode() == 409, r.statusCode() + " " + r.body());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, Database.count("select count(*) from email_log where request_id = ?", requestId));
        Await.until("status DELIVERED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertExactlyOneEmail(to);
    }

    /** One email for the address, proven by a later canary having arrived first. */
    private static void assertExactlyOneEmail(String to) {
        String canary = address();
        String canaryId = "canary-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(canaryId, canary, TEMPLATE, "{}")).statusCode());
        Await.until("the canary email", DELIVERY, () -> !mailbox.to(canary).isEmpty());
        assertEquals(1, mailbox.to(to).size());
    }

    @Test
    void invalidBodiesGetProblemDetailsNamingEachField() {
        HttpResponse<String> r = Api.post("/api/v1/notifications",
                "{\"notification_type\":\"fax\",\"to\":\"nope\",\"priority\":99}");
        assertEquals(400, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonObject problem = Api.json(r);
        assertEquals(400, problem.getInt("status"));
        List<String> fields = problem.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("field")).sorted().toList();
        assertEquals(List.of("notification_type", "priority", "request_id", "template_code", "to"), fields);

        for (String bad : new String[] {"{", "[]", "\"x\"", "", "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"}) {
            HttpResponse<String> resp = Api.post("/api/v1/notifications", bad);
            assertEquals(400, resp.statusCode(), "body <" + bad + ">: " + resp.body());
            assertEquals("application/problem+json", resp.headers().firstValue("Content-Type").orElse(""));
        }
        HttpResponse<String> notUtf8 = Api.postBytes("/api/v1/notifications", "application/json",
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        assertEquals(400, notUtf8.statusCode(), notUtf8.body());
        HttpResponse<String> wrongType = Api.postBytes("/api/v1/notifications", "text/plain", "hi".getBytes());
        assertEquals(415, wrongType.statusCode(), wrongType.body());
        assertEquals("application/problem+json", wrongType.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> huge = Api.post("/api/v1/notifications", "{\"x\":\"" + "a".repeat(300_000) + "\"}");
        assertEquals(413, huge.statusCode());

        HttpResponse<String> unknownTemplate = Api.post("/api/v1/notifications",
                Api.emailRequest("t-" + UUID.randomUUID(), address(), "no_such_template", "{}"));
        assertEquals(422, unknownTemplate.statusCode(), unknownTemplate.body());
        assertEquals(404, Api.get("/api/v1/notifications/never-seen").statusCode());
    }

    @Test
    void templatesAreVersionedAndReadable() {
        String code = "tpl_" + UUID.randomUUID().toString().substring(0, 8);
        Api.createTemplate(code, "v1 {{x}}", "<p>{{x}}</p>", "{{x}}");
        Api.createTemplate(code, "v2 {{x}}", "<p>{{x}}</p>", "{{x}}");
        JsonObject latest = Api.json(Api.get("/api/v1/templates/" + code));
        assertEquals(2, latest.getInt("version"));
        assertEquals("v2 {{x}}", latest.getString("subject"));
        HttpResponse<String> broken = Api.post("/api/v1/templates",
                "{\"code\":\"" + code + "\",\"subject\":\"s\",\"body_text\":\"{{#if x}}never closed\"}");
        assertEquals(422, broken.statusCode(), broken.body());
        HttpResponse<String> missing = Api.post("/api/v1/templates", "{\"subject\":\"s\"}");
        assertEquals(400, missing.statusCode(), missing.body());
        HttpResponse<String> injected = Api.post("/api/v1/templates",
                "{\"code\":\"" + code + "\",\"subject\":\"Hi\\r\\nBcc: x@y.z\",\"body_text\":\"t\"}");
        assertEquals(400, injected.statusCode(), injected.body());
    }

    @Test
    void healthAndMetrics() {
        // readiness results are reused for a few seconds: one taken before this class's SMTP server started may linger
        HttpResponse<String> ready = Await.until("readiness UP", Duration.ofSeconds(20), () -> Api.get("/health/ready"),
                r -> r.statusCode() == 200);
        List<String> checks = Api.json(ready).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("name") + "=" + c.getString("status")).sorted().toList();
        assertEquals(List.of("broker=UP", "database=UP", "smtp=UP"), checks);
        assertEquals(200, Api.get("/health/live").statusCode());

        ensureTemplate();
        String requestId = "m-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(requestId, address(), TEMPLATE, "{}")).statusCode());
        Await.until("status DELIVERED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        String metrics = Api.get("/metrics?scope=application").body();
        assertTrue(metrics.contains("notifications_accepted_total{channel=\"email\""), metrics);
        assertTrue(metrics.contains("notifications_delivered_total{channel=\"email\""), metrics);
        assertTrue(metrics.contains("notification_send_duration_seconds"), metrics);
    }
}
