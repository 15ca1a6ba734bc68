package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 * Issue 10: push templates, previews (escaping by channel, 404, 422 that never quotes the
 * variables, nothing stored) and the caller's notification listing (newest first, cursor pages,
 * filters, 400 for a tampered cursor, nothing of another caller).
 */
@ExtendWith(ArquillianExtension.class)
class TemplatesAndListingIT {

    private static final Duration DELIVERY = Duration.ofSeconds(60);
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

    private static String code(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }


    private static String prefix(String key) {
        return key.substring(0, 11);
    }

    private static HttpResponse<String> getAs(String key, String path) {
        return Api.withHeaders("GET", path, null, "Authorization", "Bearer " + key);
    }

    private static HttpResponse<String> postAs(String key, String path, String body) {
        return Api.post(path, body, "Authorization", "Bearer " + key);
    }

    private static void assertProblem(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private static List<String> errorFields(HttpResponse<String> r) {
        return Api.json(r).getJsonArray("errors").getValuesAs(JsonObject.class).stream().map(e -> e.getString("field")).toList();
    }

    private static void publishPush(String code) {
        String body = Json.createObjectBuilder().add("code", code).add("channel", "push")
                .add("title", "Hi {{name}}")
                .add("body", "{{name}} has {{count}} new <messages>")
                .add("data", Json.createObjectBuilder().add("screen", "inbox/{{name}}").add("count", "{{count}}"))
                .add("image", "https://img.example.com/{{pic}}.png")
                .build().toString();
        HttpResponse<String> r = Api.post("/api/v1/templates", body);
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void pushTemplatesArePublishedAndShownWithTheirParts() {
        String code = code("push");
        publishPush(code);
        JsonObject t = Api.json(Api.get("/api/v1/templates/" + code));
        assertEquals("push", t.getString("channel"));
        assertEquals(1, t.getInt("version"));
        assertEquals("Hi {{name}}", t.getString("title"));
        assertEquals("{{name}} has {{count}} new <messages>", t.getString("body"));
        assertEquals("inbox/{{name}}", t.getJsonObject("data").getString("screen"));
        assertEquals("https://img.example.com/{{pic}}.png", t.getString("image"));
        assertFalse(t.containsKey("subject"), t.toString());

        // the other channel's fields, an unknown channel, reserved data keys, a plain-http image: 400 naming them
        HttpResponse<String> mixed = Api.post("/api/v1/templates", "{\"code\":\"" + code("mixed") + "\",\"channel\":\"push\","
                + "\"title\":\"t\",\"body\":\"b\",\"subject\":\"s\",\"body_html\":\"h\"}");
        assertProblem(400, mixed);
        assertEquals(List.of("subject", "body_html"), errorFields(mixed));
        HttpResponse<String> emailWithPushFields = Api.post("/api/v1/templates", "{\"code\":\"" + code("mixed")
                + "\",\"subject\":\"s\",\"body_text\":\"t\",\"title\":\"t\"}");
        assertProblem(400, emailWithPushFields);
        assertEquals(List.of("title"), errorFields(emailWithPushFields));
        HttpResponse<String> sms = Api.post("/api/v1/templates", "{\"code\":\"" + code("sms") + "\",\"channel\":\"sms\"}");
        assertProblem(400, sms);
        assertEquals(List.of("channel"), errorFields(sms));
        HttpResponse<String> reserved = Api.post("/api/v1/templates", "{\"code\":\"" + code("res") + "\",\"channel\":\"push\","
                + "\"title\":\"t\",\"body\":\"b\",\"data\":{\"google.x\":\"v\",\"n\":1},\"image\":\"http://x.io/i.png\"}");
        assertProblem(400, reserved);
        assertEquals(List.of("data.google.x", "data.n", "image"), errorFields(reserved));

        // a code keeps its channel
        HttpResponse<String> switched = Api.post("/api/v1/templates", "{\"code\":\"" + code + "\",\"subject\":\"s\",\"body_text\":\"t\"}");
        assertProblem(409, switched);
        assertEquals(1, Api.json(Api.get("/api/v1/templates/" + code)).getInt("version"));
    }

    @Test
    void previewsRenderLikeDeliveryWithoutSendingOrStoring() {
        String email = code("prev_email");
        Api.createTemplate(email, "Hi {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}");
        String push = code("prev_push");
        publishPush(push);
        String key = Api.issueKey("send", "read");
        String reader = Api.issueKey("read");
        long storedBefore = Database.count("select count(*) from email_log where owner = ?", prefix(key));
        String vars = "{\"variables\":{\"name\":\"Zoë <b>&</b>\",\"count\":3,\"pic\":\"a&b\"}}";

        HttpResponse<String> e = postAs(key, "/api/v1/templates/" + email + "/preview", vars);
        assertEquals(200, e.statusCode(), e.body());
        JsonObject ep = Api.json(e);
        assertEquals("email", ep.getString("channel"));
        assertEquals(1, ep.getInt("template_version"));
        assertEquals("en", ep.getString("language"));
        assertEquals("Hi Zoë <b>&</b>", ep.getString("subject"));
        assertEquals("<p>Hello Zoë &lt;b&gt;&amp;&lt;/b&gt;</p>", ep.getString("html"));
        assertEquals("Hello Zoë <b>&</b>", ep.getString("text"));

        HttpResponse<String> p = postAs(reader, "/api/v1/templates/" + push + "/preview", vars);
        assertEquals(200, p.statusCode(), p.body());
        JsonObject pp = Api.json(p);
        assertEquals("push", pp.getString("channel"));
        assertEquals(1, pp.getInt("template_version"));
        assertEquals("Hi Zoë <b>&</b>", pp.getString("title"), "push is never HTML-escaped");
        assertEquals("Zoë <b>&</b> has 3 new <messages>", pp.getString("body"));
        assertEquals("inbox/Zoë <b>&</b>", pp.getJsonObject("data").getString("screen"));
        assertEquals("3", pp.getJsonObject("data").getString("count"));
        assertEquals("https://img.example.com/a&b.png", pp.getString("image"));

        // no variables: the language defaults to en, missing variables render empty
        JsonObject bare = Api.json(postAs(key, "/api/v1/templates/" + email + "/preview", "{}"));
        assertEquals("Hi", bare.getString("subject"));

        assertProblem(404, postAs(key, "/api/v1/templates/" + code("nothing") + "/preview", "{}"));
        assertProblem(404, postAs(key, "/api/v1/templates/" + email + "/preview", "{\"language\":\"de\"}"));
        HttpResponse<String> badBody = postAs(key, "/api/v1/templates/" + email + "/preview", "{\"variables\":[1]}");
        assertProblem(400, badBody);
        assertEquals(List.of("variables"), errorFields(badBody));
        assertProblem(400, postAs(key, "/api/v1/templates/" + email + "/preview", "not json"));

        // a helper that fails on the variable it is given: 422 naming the problem, never the value
        String broken = code("prev_broken");
        Api.createTemplate(broken, "s", "<p>x</p>", "x {{embedded name}}");
        HttpResponse<String> failed = postAs(key, "/api/v1/templates/" + broken + "/preview",
                "{\"variables\":{\"name\":\"Private-Value-4711\"}}");
        assertProblem(422, failed);
        assertTrue(Api.json(failed).getString("detail").startsWith("template cannot be applied"), failed.body());
        assertFalse(failed.body().contains("Private-Value-4711"), failed.body());

        assertEquals(storedBefore, Database.count("select count(*) from email_log where owner = ?", prefix(key)),
                "a preview stores no notification");
        assertEquals(401, Api.withHeaders("POST", "/api/v1/templates/" + email + "/preview", "{}",
                "Content-Type", "application/json").statusCode());
    }

    @Test
    void aCallerListsItsOwnNotificationsNewestFirstAPageAtATime() {
        String good = code("list_ok");
        Api.createTemplate(good, "Hi {{name}}", "<p>Hi {{name}}</p>", "Hi {{name}}");
        // applying this one fails at delivery: FAILED without reaching the mail server
        String broken = code("list_broken");
        Api.createTemplate(broken, "s", "<p>x</p>", "{{embedded name}}");
        String key = Api.issueKey("send", "read");
        String other = Api.issueKey("send", "read");

        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String requestId = "list-" + run + "-" + i;
            String template = i == 1 || i == 3 ? broken : good;
            HttpResponse<String> r = postAs(key, "/api/v1/notifications",
                    Api.emailRequest(requestId, "list-" + run + "-" + i + "@example.com", template, "{\"name\":\"n" + i + "\"}"));
            assertEquals(202, r.statusCode(), r.body());
            sent.add(requestId);
        }
        List<String> newestFirst = new ArrayList<>(sent);
        Collections.reverse(newestFirst);

        // every one finished: the listing shows the same statuses as the single lookups
        Await.until("all five finished", DELIVERY, () -> Api.json(getAs(key, "/api/v1/notifications?limit=100")),
                page -> page.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .filter(n -> n.getString("status").equals("DELIVERED") || n.getString("status").equals("FAILED"))
                        .count() == 5);

        // pages of two: newest first, then a cursor, until there is none
        List<String> paged = new ArrayList<>();
        List<JsonObject> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> r = getAs(key, "/api/v1/notifications?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, r.statusCode(), r.body());
            JsonObject page = Api.json(r);
            List<JsonObject> pageItems = page.getJsonArray("items").getValuesAs(JsonObject.class);
            assertTrue(pageItems.size() <= 2, r.body());
            pageItems.forEach(n -> paged.add(n.getString("request_id")));
            items.addAll(pageItems);
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
            pages++;
            assertTrue(pages <= 3, "five notifications fill three pages of two: " + paged);
        } while (cursor != null);
        assertEquals(newestFirst, paged);
        assertEquals(3, pages);

        JsonObject first = items.get(0);
        assertEquals(prefix(key), first.getString("owner"));
        assertEquals("email", first.getString("channel"));
        assertEquals(good, first.getJsonObject("template").getString("code"));
        assertNotNull(first.getString("created_at"));
        assertFalse(first.containsKey("events"), "the listing has no event histories");
        assertEquals("FAILED", items.get(1).getString("status"));
        assertEquals("DELIVERED", items.get(2).getString("status"));

        // filters
        assertEquals(List.of(newestFirst.get(1), newestFirst.get(3)), requestIds(getAs(key, "/api/v1/notifications?status=FAILED")));
        assertEquals(List.of(newestFirst.get(0), newestFirst.get(2), newestFirst.get(4)),
                requestIds(getAs(key, "/api/v1/notifications?status=DELIVERED&channel=email")));
        assertEquals(List.of(), requestIds(getAs(key, "/api/v1/notifications?channel=push")));
        String thirdNewestAt = items.get(2).getString("created_at");
        assertEquals(newestFirst.subList(0, 3),
                requestIds(getAs(key, "/api/v1/notifications?since=" + URLEncoder.encode(thirdNewestAt, StandardCharsets.UTF_8))),
                "since is inclusive: created at or after " + thirdNewestAt);
        JsonObject filteredPage = Api.json(getAs(key, "/api/v1/notifications?status=DELIVERED&limit=2"));
        assertEquals(2, filteredPage.getJsonArray("items").size());
        HttpResponse<String> filteredNext = getAs(key, "/api/v1/notifications?status=DELIVERED&limit=2&cursor="
                + filteredPage.getString("next_cursor"));
        assertEquals(List.of(newestFirst.get(4)), requestIds(filteredNext));
        assertEquals(JsonValue.NULL, Api.json(filteredNext).get("next_cursor"));

        // bad parameters and a tampered cursor: 400 naming them
        String realCursor = Api.json(getAs(key, "/api/v1/notifications?limit=1")).getString("next_cursor");
        String tampered = realCursor.substring(0, 5) + (realCursor.charAt(5) == 'A' ? 'B' : 'A') + realCursor.substring(6);
        HttpResponse<String> badCursor = getAs(key, "/api/v1/notifications?cursor=" + tampered);
        assertProblem(400, badCursor);
        assertEquals(List.of("cursor"), errorFields(badCursor));
        HttpResponse<String> badParams = getAs(key, "/api/v1/notifications?status=SENT&limit=0&since=yesterday");
        assertProblem(400, badParams);
        assertEquals(List.of("status", "since", "limit"), errorFields(badParams));
        assertProblem(400, getAs(key, "/api/v1/notifications?limit=101"));

        // another caller sees none of them, even naming the owner (only admins may)
        List<String> others = requestIds(getAs(other, "/api/v1/notifications?limit=100"));
        assertTrue(others.stream().noneMatch(sent::contains), others.toString());
        List<String> othersWithOwner = requestIds(getAs(other, "/api/v1/notifications?limit=100&owner=" + prefix(key)));
        assertTrue(othersWithOwner.stream().noneMatch(sent::contains), othersWithOwner.toString());
        // the admin: its own by default, the key's with ?owner=
        List<String> adminOwn = requestIds(Api.get("/api/v1/notifications?limit=100"));
        assertTrue(adminOwn.stream().noneMatch(sent::contains), adminOwn.toString());
        assertEquals(newestFirst, requestIds(Api.get("/api/v1/notifications?limit=100&owner=" + prefix(key))));
        assertEquals(401, Api.withHeaders("GET", "/api/v1/notifications", null).statusCode());
    }

    private static List<String> requestIds(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Api.json(r).getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(n -> n.getString("request_id")).toList();
    }
}
