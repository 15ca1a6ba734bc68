package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Personal data is not kept forever: finished notifications lose recipient, user id, variables
 * and metadata after the retention period (run here through the admin endpoint, with a row
 * aged in the database), and an erasure request removes an address everywhere at once, audited
 * without the address. Every check of what was removed reads the database itself.
 */
@ExtendWith(ArquillianExtension.class)
class RetentionIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String TEMPLATE = "retention_" + UUID.randomUUID().toString().substring(0, 8);
    private static Mailbox mailbox;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void start() {
        mailbox = Mailbox.start();
        Api.createTemplate(TEMPLATE, "Hello {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}");
    }

    @AfterAll
    static void stop() {
        mailbox.close();
    }

    @Test
    void retentionRedactsFinishedNotificationsPastThePeriodAndNothingElse() {
        String marker = marker();
        String agedTo = "aged-" + marker + "@retention.example.com";
        String freshTo = "fresh-" + marker + "@retention.example.com";
        String pendingTo = "pending-" + marker + "@retention.example.com";
        String aged = send(request("ret-aged-" + marker, agedTo, marker, null));
        String fresh = send(request("ret-fresh-" + marker, freshTo, marker, null));
        String pending = send(request("ret-pending-" + marker, pendingTo, marker, Instant.now().plus(Duration.ofMinutes(30))));
        awaitStatus(aged, "DELIVERED");
        awaitStatus(fresh, "DELIVERED");
        assertEquals("ACCEPTED", Api.status(pending).getString("status"));
        List<String> agedEvents = eventTypes(Api.status(aged));
        long agedEventRows = Database.count("select count(*) from delivery_event e join email_log l on l.id = e.email_log_id"
                + " where l.request_id = ?", aged);

        age(aged);
        age(pending);
        HttpResponse<String> run = Api.post("/api/v1/admin/retention/run", "");
        assertEquals(200, run.statusCode(), run.body());
        assertTrue(Api.json(run).getInt("redacted") >= 1, run.body());

        Map<String, Object> agedRow = row(aged);
        assertNotNull(agedRow.get("redacted_at"), agedRow.toString());
        for (String column : List.of("to_email", "user_id", "variables", "metadata", "callback_url")) {
            assertNull(agedRow.get(column), column + " of the aged notification: " + agedRow);
        }
        assertEquals("DELIVERED", agedRow.get("status"));
        assertEquals(64, ((String) agedRow.get("request_hash")).length(), "the fingerprint stays");
        assertEquals(agedEventRows, Database.count("select count(*) from delivery_event where email_log_id = ?", agedRow.get("id")),
                "events are kept");

        Map<String, Object> freshRow = row(fresh);
        assertNull(freshRow.get("redacted_at"), freshRow.toString());
        assertEquals(freshTo, freshRow.get("to_email"));
        assertTrue(((String) freshRow.get("variables")).contains("Secret-" + marker), freshRow.toString());
        assertTrue(((String) freshRow.get("metadata")).contains("campaign-" + marker), freshRow.toString());
        assertEquals("user-" + marker, freshRow.get("user_id"));

        Map<String, Object> pendingRow = row(pending);
        assertNull(pendingRow.get("redacted_at"), "not finished, so not redacted however old: " + pendingRow);
        assertEquals(pendingTo, pendingRow.get("to_email"));

        // the status API still answers, without the personal fields, and says when they went
        JsonObject status = Api.status(aged);
        assertEquals("DELIVERED", status.getString("status"));
        assertTrue(status.containsKey("redacted_at"), status.toString());
        assertFalse(status.containsKey("user_id"), status.toString());
        assertEquals("corr-" + marker, status.getString("correlation_id"));
        assertEquals(agedEvents, eventTypes(status));
        assertTrue(agedEvents.containsAll(List.of("ACCEPTED", "ATTEMPT_STARTED", "DELIVERED")), agedEvents.toString());
        assertFalse(status.toString().contains(agedTo), status.toString());
        JsonObject freshStatus = Api.status(fresh);
        assertFalse(freshStatus.containsKey("redacted_at"), freshStatus.toString());
        assertEquals("user-" + marker, freshStatus.getString("user_id"));

        // idempotency survives redaction: the same request is still recognised, a different one still refused
        HttpResponse<String> again = Api.post("/api/v1/notifications", request("ret-aged-" + marker, agedTo, marker, null));
        assertEquals(409, again.statusCode(), again.body());
        HttpResponse<String> other = Api.post("/api/v1/notifications", request("ret-aged-" + marker, freshTo, marker, null));
        assertEquals(422, other.statusCode(), other.body());

        HttpResponse<String> second = Api.post("/api/v1/admin/retention/run", "");
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(0, Api.json(second).getInt("redacted"), "nothing left to redact: " + second.body());
        assertEquals(freshTo, row(fresh).get("to_email"));
    }

    @Test
    void erasureRemovesTheAddressEverywhereCancelsWhatIsPendingAndIsAudited() throws Exception {
        String marker = marker();
        String address = "erase-" + marker + "@Erase-Test.example.com";
        String keep = "keep-" + marker + "@erase-test.example.com";
        String friend = "friend-" + marker + "@erase-test.example.com";
        String a1 = send(request("era-a1-" + marker, address, marker, null));
        String a2 = send(request("era-a2-" + marker, address.toLowerCase(Locale.ROOT), marker, null));
        String a3 = send(request("era-a3-" + marker, address, marker, Instant.now().plus(Duration.ofMinutes(30))));
        // another recipient's notification that names the address in its variables
        String mention = send(Api.emailRequest("era-mention-" + marker, friend, TEMPLATE,
                "{\"name\":\"Friend\",\"invited_by\":\"Your friend <" + address + ">\"}"));
        // a longer address that merely contains it is someone else
        String b1 = send(Api.emailRequest("era-b1-" + marker, keep, TEMPLATE,
                "{\"name\":\"Keep-" + marker + "\",\"other\":\"x" + address + "\"}"));
        for (String delivered : List.of(a1, a2, mention, b1)) {
            awaitStatus(delivered, "DELIVERED");
        }
        assertEquals(2, mailbox.to(address).size());
        assertEquals("ACCEPTED", Api.status(a3).getString("status"));

        HttpResponse<String> erased = Api.delete("/api/v1/admin/recipients/" + address.toUpperCase(Locale.ROOT));
        assertEquals(200, erased.statusCode(), erased.body());
        JsonObject result = Api.json(erased);
        assertEquals(4, result.getInt("notifications"), erased.body());
        assertEquals(1, result.getInt("cancelled"), erased.body());
        String erasureId = result.getString("erasure_id");

        for (String requestId : List.of(a1, a2, a3, mention)) {
            Map<String, Object> row = row(requestId);
            assertNotNull(row.get("redacted_at"), requestId + ": " + row);
            for (String column : List.of("to_email", "user_id", "variables", "metadata", "callback_url")) {
                assertNull(row.get(column), column + " of " + requestId + ": " + row);
            }
            assertEquals(1L, Database.count("select count(*) from delivery_event where email_log_id = ? and type = 'ERASED'"
                    + " and detail like ?", row.get("id"), "%" + erasureId + "%"), "ERASED event on " + requestId);
        }
        assertEquals("SUPPRESSED", row(a3).get("status"), "pending: cancelled, nothing more is sent");
        assertEquals("DELIVERED", row(a1).get("status"));
        Map<String, Object> kept = row(b1);
        assertNull(kept.get("redacted_at"), kept.toString());
        assertEquals(keep, kept.get("to_email"));
        assertTrue(((String) kept.get("variables")).contains("Keep-" + marker), kept.toString());
        assertEquals(0L, Database.count("select count(*) from delivery_event e join email_log l on l.id = e.email_log_id"
                + " where l.request_id = ? and e.type = 'ERASED'", b1));

        // nowhere in the database any more (the kept row only contains it inside a longer address)
        String lower = address.toLowerCase(Locale.ROOT);
        assertEquals(0L, Database.count("select count(*) from email_log where lower(to_email) = ?", lower));
        assertEquals(1L, Database.count("select count(*) from email_log where strpos(lower(cast(variables as text)), ?) > 0"
                + " or strpos(lower(cast(metadata as text)), ?) > 0", lower, lower));
        assertEquals(0L, Database.count("select count(*) from delivery_event where strpos(lower(detail), ?) > 0", marker));

        JsonObject status = Api.status(a3);
        assertEquals("SUPPRESSED", status.getString("status"));
        assertTrue(status.containsKey("redacted_at"), status.toString());
        assertEquals(List.of("ACCEPTED", "ERASED"), eventTypes(status));
        assertTrue(eventTypes(Api.status(a1)).contains("ERASED"));

        // audited: who, how many, a reference to the address, never the address itself
        Path log = Path.of(System.getProperty("payara.home"), "glassfish", "domains", System.getProperty("it.domain"), "logs",
                "server.log");
        String line = Await.until("the AUDIT line of erasure " + erasureId, Duration.ofSeconds(15),
                () -> readLog(log).lines().filter(l -> l.contains("AUDIT erasure " + erasureId)).findFirst().orElse(null),
                l -> l != null);
        assertTrue(line.contains("by " + ItEnvironment.ADMIN_KEY.substring(0, 11)), line);
        assertTrue(line.contains("sha256:"), line);
        assertTrue(line.contains("4 notification(s) redacted"), line);
        String text = readLog(log).toLowerCase(Locale.ROOT);
        for (String secret : List.of(address.toLowerCase(Locale.ROOT), "erase-" + marker, "secret-" + marker, "campaign-" + marker)) {
            assertFalse(text.contains(secret), "the server log contains " + secret);
        }

        HttpResponse<String> repeat = Api.delete("/api/v1/admin/recipients/" + address);
        assertEquals(200, repeat.statusCode(), repeat.body());
        assertEquals(0, Api.json(repeat).getInt("notifications"), repeat.body());
    }

    @Test
    void erasureAndRetentionAreForAdminsAndValidateTheAddress() {
        for (String invalid : List.of("not-an-address", "a@@erase-test.example.com", "a%20b@erase-test.example.com",
                "x".repeat(65) + "@erase-test.example.com")) {
            HttpResponse<String> r = Api.delete("/api/v1/admin/recipients/" + invalid);
            assertEquals(400, r.statusCode(), invalid + ": " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("address", Api.json(r).getJsonArray("errors").getJsonObject(0).getString("field"), r.body());
        }

        String path = "/api/v1/admin/recipients/someone@erase-test.example.com";
        assertEquals(401, Api.withHeaders("DELETE", path, null).statusCode());
        assertEquals(401, Api.withHeaders("POST", "/api/v1/admin/retention/run", "").statusCode());
        HttpResponse<String> issued = Api.post("/api/v1/admin/api-keys",
                "{\"name\":\"it-retention-" + marker() + "\",\"scopes\":[\"send\",\"read\"]}");
        assertEquals(201, issued.statusCode(), issued.body());
        String notAdmin = "Bearer " + Api.json(issued).getString("key");
        HttpResponse<String> forbidden = Api.withHeaders("DELETE", path, null, "Authorization", notAdmin);
        assertEquals(403, forbidden.statusCode(), forbidden.body());
        assertEquals(403, Api.withHeaders("POST", "/api/v1/admin/retention/run", "", "Authorization", notAdmin).statusCode());
    }

    private static String marker() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A request with everything that counts as personal data: user id, variables, metadata. */
    private static String request(String requestId, String to, String marker, Instant sendAt) {
        return "{\"notification_type\":\"email\",\"request_id\":\"" + requestId + "\",\"to\":\"" + to + "\","
                + "\"user_id\":\"user-" + marker + "\",\"template_code\":\"" + TEMPLATE + "\","
                + "\"variables\":{\"name\":\"Secret-" + marker + "\"},"
                + "\"metadata\":{\"correlation_id\":\"corr-" + marker + "\",\"campaign\":\"campaign-" + marker + "\"}"
                + (sendAt == null ? "" : ",\"send_at\":\"" + sendAt + "\"") + "}";
    }

    private static String send(String body) {
        HttpResponse<String> r = Api.post("/api/v1/notifications", body);
        assertEquals(202, r.statusCode(), r.body());
        return Api.json(r).getString("request_id");
    }

    private static void awaitStatus(String requestId, String status) {
        Await.until(requestId + " " + status, DELIVERY, () -> Api.status(requestId),
                s -> s != null && status.equals(s.getString("status")));
    }

    private static List<String> eventTypes(JsonObject status) {
        return status.getJsonArray("events").getValuesAs(JsonObject.class).stream().map(e -> e.getString("type")).toList();
    }

    /** Finished long ago, as far as retention can tell. */
    private static void age(String requestId) {
        try (Connection c = Database.connect(); PreparedStatement ps = c.prepareStatement(
                "update email_log set updated_at = now() - interval '31 days' where request_id = ?")) {
            ps.setString(1, requestId);
            assertEquals(1, ps.executeUpdate(), "aged " + requestId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored row, JSON columns as text. */
    private static Map<String, Object> row(String requestId) {
        try (Connection c = Database.connect(); PreparedStatement ps = c.prepareStatement(
                "select id, status, to_email, user_id, cast(variables as text) as variables, cast(metadata as text) as metadata,"
                        + " callback_url, request_hash, redacted_at from email_log where request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no row for " + requestId);
                ResultSetMetaData meta = rs.getMetaData();
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
