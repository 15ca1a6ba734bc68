package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
 * What a hostile or careless client can throw at the API: thousands of generated malformed
 * bodies must all get a 4xx problem response (never a 5xx), and no recipient address, variable
 * or subject may reach the server log, whatever happens to the notification.
 */
@ExtendWith(ArquillianExtension.class)
class HostileInputIT {

    private static final String TEMPLATE = "hostile_" + UUID.randomUUID().toString().substring(0, 8);
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

    private static final String VALID = "{\"notification_type\":\"email\",\"request_id\":\"REQ\",\"to\":\"x@example.com\","
            + "\"template_code\":\"t\",\"language\":\"en\",\"variables\":{\"name\":\"N\",\"n\":[1,2,{\"k\":null}]},"
            + "\"priority\":5,\"send_at\":null,\"metadata\":{\"correlation_id\":\"c-1\"}}";

    private static final String[] VALUES = {"null", "true", "1", "-1", "0", "1e999", "-1e999", "123456789012345678901234567890",
            "1.5", "\"\"", "\"x\"", "[]", "{}", "[[[[]]]]", "\"\\u0000\"", "\"\\ud800\"", "\"a\\r\\nBcc: v@x.io\"",
            "\"" + "z".repeat(5000) + "\"", "{\"a\":{\"b\":{\"c\":1}}}"};
    private static final String[] FIELDS = {"notification_type", "request_id", "to", "user_id", "template_code", "language",
            "variables", "priority", "send_at", "metadata", "callback_url", "unknown"};

    /** Generated malformed bodies: truncations, type swaps, junk bytes, nesting, bad encodings. */
    static List<byte[]> malformedBodies(int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> bodies = new ArrayList<>();
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; bodies.size() < count; i++) {
            switch (i % 7) {
                case 0 -> bodies.add(java.util.Arrays.copyOf(valid, random.nextInt(valid.length)));
                case 1 -> {
                    String field = FIELDS[random.nextInt(FIELDS.length)];
                    String value = VALUES[random.nextInt(VALUES.length)];
                    bodies.add(VALID.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\{[^}]*\\}|[^,}]*)", "\"" + field + "\":"
                            + java.util.regex.Matcher.quoteReplacement(value)).getBytes(StandardCharsets.UTF_8));
                }
                case 2 -> {
                    byte[] junk = new byte[1 + random.nextInt(300)];
                    random.nextBytes(junk);
                    bodies.add(junk);
                }
                case 3 -> {
                    int depth = 1 + random.nextInt(5000);
                    bodies.add(("{\"variables\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8));
                }
                case 4 -> {
                    byte[] mutated = valid.clone();
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                    }
                    bodies.add(mutated);
                }
                case 5 -> bodies.add(VALID.replace("\"email\"", "\"" + List.of("sms", "EMAIL", "push", "", "fax").get(random.nextInt(5)) + "\"")
                        .getBytes(StandardCharsets.UTF_8));
                default -> bodies.add(("[" + VALID + "]," + VALID).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    @Test
    void thousandsOfMalformedBodiesAreEachRefusedWithA4xxProblem() {
        // its own key with a bucket larger than the barrage: a 429 would be a refusal that says
        // nothing about the body, and the barrage must not drain the admin key's bucket for others
        HttpResponse<String> issued = Api.post("/api/v1/admin/api-keys", "{\"name\":\"it-hostile-" + UUID.randomUUID()
                + "\",\"scopes\":[\"send\"],\"rate_limit\":{\"per_second\":100000,\"burst\":100000}}");
        assertEquals(201, issued.statusCode(), issued.body());
        String key = Api.json(issued).getString("key");
        try {
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> notRefused = new ArrayList<>();
            int misses = 0;
            List<byte[]> bodies = malformedBodies(3000, 20261122L);
            for (int i = 0; i < bodies.size(); i++) {
                byte[] body = bodies.get(i);
                boolean json = i % 50 != 0;
                HttpResponse<String> r = Api.postBytes("/api/v1/notifications", json ? "application/json" : "text/plain", body,
                        "Authorization", "Bearer " + key);
                statuses.merge(r.statusCode(), 1, Integer::sum);
                // 415 for the media type; for JSON 400, or 422 if well-formed (template "t" does not exist). Any
                // other 4xx (401, 403, 429) refuses the request without the body having been judged
                Set<Integer> expected = json ? Set.of(400, 422) : Set.of(415);
                String contentType = r.headers().firstValue("Content-Type").orElse("");
                if (!expected.contains(r.statusCode()) || !contentType.startsWith("application/problem+json")) {
                    if (misses++ < 5) {
                        notRefused.add("#" + i + " " + (json ? "application/json" : "text/plain") + " <" + preview(body)
                                + "> -> " + r.statusCode() + " " + contentType + " " + abbreviate(r.body(), 200));
                    }
                }
            }
            System.out.println("malformed-input barrage statuses: " + statuses);
            assertTrue(misses == 0, misses + " of " + bodies.size() + " malformed bodies were not refused with the expected 4xx "
                    + "problem+json (statuses " + statuses + "); the first ones:\n" + String.join("\n", notRefused));
        } finally {
            Api.delete("/api/v1/admin/api-keys/" + key.substring(0, 11));
        }
    }

    /** A body as readable text: other than printable ASCII as \xNN, cut after about 120 characters. */
    private static String preview(byte[] body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < body.length && out.length() < 120; i++) {
            int b = body[i] & 0xFF;
            out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        return i < body.length ? out + "... (" + body.length + " bytes)" : out.toString();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    @Test
    void noAddressVariableOrSubjectReachesTheServerLog() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 12);
        Api.createTemplate(TEMPLATE, "Subject-" + marker + " {{secret}}", "<p>{{secret}}</p>", "{{secret}}");
        List<String> secrets = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        String correlationId = "it-corr-" + UUID.randomUUID() + "-";
        // delivered, permanently rejected (the SMTP reply quotes the address), retried, duplicate, bad request
        for (String local : new String[] {"pii-ok-", "reject-pii-", "tempfail2-pii-"}) {
            String address = local + marker + "@pii-test.example.com";
            String variable = "Variable-" + marker + "-" + local;
            secrets.add(address);
            secrets.add(variable);
            String requestId = "pii-" + UUID.randomUUID();
            requestIds.add(requestId);
            String body = Api.emailRequest(requestId, address, TEMPLATE, "{\"secret\":\"" + variable + "\"}");
            assertEquals(202, Api.post("/api/v1/notifications", body, "X-Correlation-ID", correlationId + local).statusCode());
            assertEquals(202, Api.post("/api/v1/notifications", body).statusCode(), "duplicate while pending or done");
        }
        secrets.add("Subject-" + marker);
        Api.post("/api/v1/notifications", "{\"to\":\"bad-pii-" + marker + "@@pii-test.example.com\",\"variables\":{\"v\":\"Variable-"
                + marker + "-bad\"}}");
        for (String requestId : requestIds) {
            Await.until("a final status for " + requestId, Duration.ofSeconds(60), () -> Api.status(requestId),
                    s -> s != null && List.of("DELIVERED", "FAILED").contains(s.getString("status")));
        }
        Path log = Path.of(System.getProperty("payara.home"), "glassfish", "domains", System.getProperty("it.domain"), "logs",
                "server.log");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"LogMessage\""), "the server log is JSON");
        for (String secret : secrets) {
            assertTrue(!text.contains(secret), "server log contains " + secret);
        }
        assertTrue(!text.contains(marker), "server log contains the test's marker");

        // the permanent failure is logged as a JSON line that names the request and the notification
        long rejected = Api.status(requestIds.get(1)).getJsonNumber("notification_id").longValue();
        String line = text.lines().filter(l -> l.contains("\"CorrelationId\":\"" + correlationId + "reject-pii-\""))
                .filter(l -> l.contains("DeliveryOutcomes")).findFirst()
                .orElseThrow(() -> new AssertionError("no log line carries the correlation id of the rejected notification"));
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(line))) {
            jakarta.json.JsonObject json = reader.readObject();
            assertEquals(String.valueOf(rejected), json.getString("NotificationId"), line);
            for (String field : new String[] {"Timestamp", "Level", "LoggerName", "LogMessage"}) {
                assertTrue(json.containsKey(field), field + " missing in " + line);
            }
        }
    }
}
