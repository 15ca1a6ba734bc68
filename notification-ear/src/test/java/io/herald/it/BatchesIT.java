package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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
 * Batches on real parts: per-index rejections with the rest accepted, every member delivered
 * (chunked, over the batch queue) and readable on its own, progress reaching 100 %, paging,
 * Idempotency-Key, cancellation, and a suppressed member of a batch.
 */
@ExtendWith(ArquillianExtension.class)
class BatchesIT {

    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final String TEMPLATE = "batch_" + UUID.randomUUID().toString().substring(0, 8);
    private static Mailbox mailbox;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void setUp() {
        mailbox = Mailbox.start();
        Api.createTemplate(TEMPLATE, "Hello {{name}} from {{shop}}", "<p>{{name}}</p>", "{{name}} {{shop}}");
    }

    @AfterAll
    static void stop() {
        mailbox.close();
    }

    @Test
    void validRecipientsAreSentAndInvalidOnesAreReportedByIndex() throws MessagingException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String suppressed = "supp-" + tag + "@example.com";
        assertEquals(201, Api.post("/api/v1/suppressions",
                "{\"address\":\"" + suppressed + "\",\"reason\":\"HARD_BOUNCE\",\"source\":\"it\"}").statusCode());
        String ownRequestId = "own-" + tag;
        JsonArray recipients = Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("to", "a-" + tag + "@example.com").add("variables",
                        Json.createObjectBuilder().add("name", "Ann")))
                .add(Json.createObjectBuilder().add("to", "not an address"))
                .add(Json.createObjectBuilder().add("to", "b-" + tag + "@example.com").add("request_id", ownRequestId))
                .add(Json.createObjectBuilder().add("user_id", "nobody-" + tag))
                .add(Json.createObjectBuilder().add("to", suppressed))
                .add(Json.createObjectBuilder().add("to", "c-" + tag + "@example.com").add("request_id", ownRequestId))
                .build();
        String body = batch(recipients, null);
        HttpResponse<String> created = Api.post("/api/v1/batches", body, "Idempotency-Key", "key-" + tag);
        assertEquals(202, created.statusCode(), created.body());
        JsonObject answer = Api.json(created);
        long batchId = answer.getJsonNumber("batch_id").longValue();
        assertEquals(3, answer.getInt("accepted"), answer.toString());
        JsonArray rejected = answer.getJsonArray("rejected");
        assertEquals(List.of(1, 3, 5), rejected.stream().map(r -> r.asJsonObject().getInt("index")).toList(), answer.toString());
        assertEquals("to", rejected.getJsonObject(0).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals("user_id", rejected.getJsonObject(1).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertTrue(rejected.getJsonObject(2).toString().contains("earlier recipient"), rejected.toString());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/batches/" + batchId));

        // the same key and body: the same batch, nothing stored twice; another body: a conflict
        HttpResponse<String> again = Api.post("/api/v1/batches", body, "Idempotency-Key", "key-" + tag);
        assertEquals(202, again.statusCode(), again.body());
        assertEquals(batchId, Api.json(again).getJsonNumber("batch_id").longValue());
        assertTrue(Api.json(again).getBoolean("duplicate"));
        assertEquals(rejected, Api.json(again).getJsonArray("rejected"));
        HttpResponse<String> conflict = Api.post("/api/v1/batches", batch(recipients, "other"), "Idempotency-Key", "key-" + tag);
        assertEquals(422, conflict.statusCode(), conflict.body());

        JsonObject done = Await.until("the batch 100 % done", DELIVERY, () -> progress(batchId),
                p -> p != null && p.getJsonNumber("percent_done").doubleValue() == 100.0);
        assertEquals(3, done.getInt("total"), done.toString());
        assertEquals(2, done.getJsonObject("counts").getInt("DELIVERED"), done.toString());
        assertEquals(1, done.getJsonObject("counts").getInt("SUPPRESSED"), done.toString());
        assertEquals("COMPLETED", done.getString("status"));
        assertEquals(3, done.getInt("rejected"));
        Instant createdAt = Instant.parse(done.getString("created_at"));
        Instant startedAt = Instant.parse(done.getString("started_at"));
        Instant completedAt = Instant.parse(done.getString("completed_at"));
        assertFalse(startedAt.isBefore(createdAt), done.toString());
        assertFalse(completedAt.isBefore(startedAt), done.toString());

        // each member is a notification of its own, with its merged variables
        MimeMessage ann = Await.until("Ann's mail", DELIVERY, () -> mailbox.to("a-" + tag + "@example.com"), l -> l.size() == 1).get(0);
        assertEquals("Hello Ann from Herald shop", ann.getSubject());
        MimeMessage shared = Await.until("b's mail", DELIVERY, () -> mailbox.to("b-" + tag + "@example.com"), l -> l.size() == 1).get(0);
        assertEquals("Hello friend from Herald shop", shared.getSubject());
        assertEquals(List.of(), mailbox.to(suppressed));
        JsonObject own = Api.status(ownRequestId);
        assertNotNull(own);
        assertEquals("DELIVERED", own.getString("status"));
        assertEquals(batchId, own.getJsonNumber("batch_id").longValue());
        assertNotNull(Api.status("batch-" + batchId + "-0"), "a made-up request id for a recipient without one");

        // paging through the members, and by status
        JsonObject first = Api.json(Api.get("/api/v1/batches/" + batchId + "/notifications?limit=2"));
        assertEquals(2, first.getJsonArray("items").size(), first.toString());
        JsonObject second = Api.json(Api.get("/api/v1/batches/" + batchId + "/notifications?limit=2&cursor="
                + first.getString("next_cursor")));
        assertEquals(1, second.getJsonArray("items").size(), second.toString());
        assertTrue(second.isNull("next_cursor"));
        JsonObject suppressedOnes = Api.json(Api.get("/api/v1/batches/" + batchId + "/notifications?status=suppressed"));
        assertEquals(1, suppressedOnes.getJsonArray("items").size(), suppressedOnes.toString());
        assertEquals(400, Api.get("/api/v1/batches/" + batchId + "/notifications?status=LOST").statusCode());

        // another caller sees nothing of it
        String otherKey = Api.issueKey("send", "read");
        assertEquals(404, Api.withHeaders("GET", "/api/v1/batches/" + batchId, null, "Authorization", "Bearer " + otherKey)
                .statusCode());
        assertEquals(404, Api.withHeaders("DELETE", "/api/v1/batches/" + batchId, null, "Authorization", "Bearer " + otherKey)
                .statusCode());
    }

    @Test
    void aBatchWithNothingValidOrABadEnvelopeIsRefusedWhole() {
        HttpResponse<String> none = Api.post("/api/v1/batches", batch(Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("to", "nope")).add("text").build(), null));
        assertEquals(400, none.statusCode(), none.body());
        assertEquals("application/problem+json", none.headers().firstValue("Content-Type").orElse(""));
        assertEquals(2, Api.json(none).getJsonArray("rejected").size(), none.body());

        HttpResponse<String> envelope = Api.post("/api/v1/batches", "{\"recipients\":[],\"send_at\":\"soon\",\"colour\":1}");
        assertEquals(400, envelope.statusCode(), envelope.body());
        for (String field : List.of("template_code", "recipients", "send_at", "colour")) {
            assertTrue(envelope.body().contains("\"" + field + "\""), field + " named in " + envelope.body());
        }
        HttpResponse<String> unknown = Api.post("/api/v1/batches",
                "{\"template_code\":\"no_such_" + UUID.randomUUID().toString().substring(0, 8) + "\",\"recipients\":[{\"to\":\"x@example.com\"}]}");
        assertEquals(422, unknown.statusCode(), unknown.body());
        assertEquals(404, Api.get("/api/v1/batches/999999999").statusCode());
        assertEquals(400, Api.get("/api/v1/batches/abc").statusCode());
    }

    @Test
    void cancellingStopsWhatWasNotSentYet() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        JsonArrayBuilder recipients = Json.createArrayBuilder();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String address = "later-" + i + "-" + tag + "@example.com";
            addresses.add(address);
            recipients.add(Json.createObjectBuilder().add("to", address));
        }
        String body = Json.createObjectBuilder().add("template_code", TEMPLATE)
                .add("send_at", Instant.now().plus(Duration.ofHours(1)).toString())
                .add("variables", Json.createObjectBuilder().add("name", "x").add("shop", "y"))
                .add("recipients", recipients).build().toString();
        HttpResponse<String> created = Api.post("/api/v1/batches", body);
        assertEquals(202, created.statusCode(), created.body());
        long batchId = Api.json(created).getJsonNumber("batch_id").longValue();
        JsonObject before = progress(batchId);
        assertEquals(150, before.getJsonObject("counts").getInt("ACCEPTED"), before.toString());
        assertEquals(0.0, before.getJsonNumber("percent_done").doubleValue());
        assertEquals("ACCEPTED", before.getString("status"));

        HttpResponse<String> cancelled = Api.delete("/api/v1/batches/" + batchId);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        JsonObject after = Api.json(cancelled);
        assertEquals(150, after.getInt("cancelled_now"), after.toString());
        assertEquals(150, after.getJsonObject("counts").getInt("CANCELLED"), after.toString());
        assertEquals(100.0, after.getJsonNumber("percent_done").doubleValue());
        assertEquals("CANCELLED", after.getString("status"));
        assertNotNull(after.getString("cancelled_at"));
        assertEquals(0, Api.json(Api.delete("/api/v1/batches/" + batchId)).getInt("cancelled_now"), "cancelling again: nothing more");

        JsonObject member = Api.status("batch-" + batchId + "-7");
        assertEquals("CANCELLED", member.getString("status"), member.toString());
        assertEquals(1, PushIT.events(member, "CANCELLED").size(), member.toString());
        assertEquals(List.of(), mailbox.to(addresses.get(7)));
    }

    private static String batch(JsonArray recipients, String shop) {
        return Json.createObjectBuilder()
                .add("template_code", TEMPLATE)
                .add("variables", Json.createObjectBuilder().add("name", "friend").add("shop", shop == null ? "Herald shop" : shop))
                .add("metadata", Json.createObjectBuilder().add("campaign", "it"))
                .add("recipients", recipients).build().toString();
    }

    private static JsonObject progress(long batchId) {
        HttpResponse<String> r = Api.get("/api/v1/batches/" + batchId);
        return r.statusCode() == 200 ? Api.json(r) : null;
    }

}
