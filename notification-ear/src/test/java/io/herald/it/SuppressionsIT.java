package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The suppression list on real parts: an address on it gets no mail (SUPPRESSED), an unsubscribe
 * from a category leaves transactional mail alone, removing the entry lets mail through again.
 */
@ExtendWith(ArquillianExtension.class)
class SuppressionsIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String RECEIPT = "receipt_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String NEWS = "news_" + UUID.randomUUID().toString().substring(0, 8);
    private static Mailbox mailbox;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void setUp() {
        mailbox = Mailbox.start();
        Api.createTemplate(RECEIPT, "Receipt {{n}}", "<p>{{n}}</p>", "{{n}}");
        HttpResponse<String> news = Api.post("/api/v1/templates", Json.createObjectBuilder().add("code", NEWS)
                .add("category", "newsletter").add("subject", "News {{n}}").add("body_text", "{{n}}").build().toString());
        assertEquals(201, news.statusCode(), news.body());
        assertEquals("newsletter", Api.json(news).getString("category"));
    }

    @AfterAll
    static void stop() {
        mailbox.close();
    }

    @Test
    void aHardBouncedAddressGetsNoMailAndTheNotificationIsSuppressed() {
        String address = "Bounced-" + UUID.randomUUID() + "@Example.com";
        HttpResponse<String> added = Api.post("/api/v1/suppressions",
                "{\"address\":\"" + address + "\",\"reason\":\"HARD_BOUNCE\",\"source\":\"it\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals(address.toLowerCase(), Api.json(added).getString("address"), "stored in its lower-cased form");
        assertEquals(200, Api.post("/api/v1/suppressions", "{\"address\":\"" + address + "\",\"reason\":\"HARD_BOUNCE\"}").statusCode(),
                "adding it again changes nothing");

        String requestId = "sup-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(requestId, address.toLowerCase(), RECEIPT, "{\"n\":1}"))
                .statusCode());
        JsonObject status = Await.until("SUPPRESSED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "SUPPRESSED".equals(s.getString("status")));
        assertTrue(status.getString("last_error").contains("HARD_BOUNCE"), status.toString());
        assertEquals(1, PushIT.events(status, "SUPPRESSED").size(), status.toString());
        assertNoMailTo(address.toLowerCase());

        // off the list: mail goes again
        HttpResponse<String> removed = Api.delete("/api/v1/suppressions/" + URLEncoder.encode(address, StandardCharsets.UTF_8));
        assertEquals(200, removed.statusCode(), removed.body());
        String again = "sup-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(again, address.toLowerCase(), RECEIPT, "{\"n\":2}")).statusCode());
        Await.until("DELIVERED", DELIVERY, () -> Api.status(again), s -> s != null && "DELIVERED".equals(s.getString("status")));
    }

    @Test
    void anUnsubscribeFromACategoryStopsThatCategoryButNotTransactionalMail() {
        String address = "unsub-" + UUID.randomUUID() + "@example.com";
        assertEquals(201, Api.post("/api/v1/suppressions",
                "{\"address\":\"" + address + "\",\"reason\":\"UNSUBSCRIBE\",\"category\":\"newsletter\"}").statusCode());
        String news = "sup-" + UUID.randomUUID();
        String receipt = "sup-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(news, address, NEWS, "{\"n\":3}")).statusCode());
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(receipt, address, RECEIPT, "{\"n\":4}")).statusCode());
        Await.until("the newsletter SUPPRESSED", DELIVERY, () -> Api.status(news),
                s -> s != null && "SUPPRESSED".equals(s.getString("status")));
        Await.until("the receipt DELIVERED", DELIVERY, () -> Api.status(receipt),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        Await.until("the receipt in the mailbox", DELIVERY, () -> mailbox.to(address), l -> l.size() == 1);
        assertEquals(1, mailbox.to(address).size(), "only the receipt arrived");
    }

    @Test
    void theListIsForAdminsAndBadEntriesAreRefused() {
        String address = "listed-" + UUID.randomUUID() + "@example.com";
        assertEquals(201, Api.post("/api/v1/suppressions", "{\"address\":\"" + address + "\",\"reason\":\"COMPLAINT\"}").statusCode());
        JsonObject page = Api.json(Api.get("/api/v1/suppressions?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8)));
        assertEquals(1, page.getJsonArray("items").size(), page.toString());
        assertEquals("COMPLAINT", page.getJsonArray("items").getJsonObject(0).getString("reason"));

        HttpResponse<String> bad = Api.post("/api/v1/suppressions", "{\"address\":\"not-an-address\",\"reason\":\"SOMETIMES\",\"category\":\"Bad Cat\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").orElse(""));
        for (String field : List.of("address", "reason", "category")) {
            assertTrue(bad.body().contains("\"" + field + "\""), field + " named in " + bad.body());
        }
        assertEquals(404, Api.delete("/api/v1/suppressions/" + URLEncoder.encode("never-" + UUID.randomUUID() + "@example.com",
                StandardCharsets.UTF_8)).statusCode());

        String sendKey = Api.issueKey("send", "read");
        HttpResponse<String> forbidden = Api.withHeaders("GET", "/api/v1/suppressions", null, "Authorization", "Bearer " + sendKey);
        assertEquals(403, forbidden.statusCode(), forbidden.body());
    }


    /** Nothing for the address, checked after a later email to another address has arrived. */
    private static void assertNoMailTo(String address) {
        String other = "later-" + UUID.randomUUID() + "@example.com";
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest("sup-" + UUID.randomUUID(), other, RECEIPT, "{\"n\":0}"))
                .statusCode());
        Await.until("the later email", DELIVERY, () -> mailbox.to(other), l -> !l.isEmpty());
        assertEquals(List.of(), mailbox.to(address));
    }
}
