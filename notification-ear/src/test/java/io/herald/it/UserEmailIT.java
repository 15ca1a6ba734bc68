package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
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
 * Email to a user of the directory, resolved at delivery: the address, the preference (off →
 * SKIPPED, nothing sent), the language (the user's, when the request names none).
 */
@ExtendWith(ArquillianExtension.class)
class UserEmailIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String TEMPLATE = "hello_" + UUID.randomUUID().toString().substring(0, 8);
    private static Mailbox mailbox;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void setUp() {
        mailbox = Mailbox.start();
        Api.createTemplate(TEMPLATE, "Hello {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}");
        HttpResponse<String> de = Api.post("/api/v1/templates", Json.createObjectBuilder().add("code", TEMPLATE).add("language", "de")
                .add("subject", "Hallo {{name}}").add("body_text", "Hallo {{name}}").build().toString());
        assertEquals(201, de.statusCode(), de.body());
    }

    @AfterAll
    static void stopSmtp() {
        mailbox.close();
    }

    @Test
    void theUsersAddressAndLanguageAreUsedAtDelivery() throws Exception {
        String address = "u-" + UUID.randomUUID() + "@example.com";
        String user = user(address, "de", true);
        String requestId = "ue-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", request(requestId, user, "")).statusCode());
        MimeMessage mail = Await.until("the email to the user's address", DELIVERY, () -> mailbox.to(address), l -> !l.isEmpty()).get(0);
        assertEquals("Hallo Jo", mail.getSubject(), "the user's language picked the template");
        JsonObject status = Await.until("DELIVERED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "DELIVERED".equals(s.getString("status")));
        assertEquals("de", status.getJsonObject("template").getString("language"));
        assertTrue(!status.toString().contains(address), "the status never shows the address");
    }

    @Test
    void aLanguageInTheRequestWinsOverTheUsers() throws Exception {
        String address = "u-" + UUID.randomUUID() + "@example.com";
        String user = user(address, "de", true);
        String requestId = "ue-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", request(requestId, user, ",\"language\":\"en\"")).statusCode());
        MimeMessage mail = Await.until("the email", DELIVERY, () -> mailbox.to(address), l -> !l.isEmpty()).get(0);
        assertEquals("Hello Jo", mail.getSubject());
    }

    @Test
    void aUserWhoTurnedEmailOffIsSkippedAndGetsNoMail() {
        String address = "u-" + UUID.randomUUID() + "@example.com";
        String user = user(address, "en", false);
        String requestId = "ue-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", request(requestId, user, "")).statusCode());
        JsonObject status = Await.until("SKIPPED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "SKIPPED".equals(s.getString("status")));
        assertEquals("the user turned email off", status.getString("last_error"));
        assertEquals(1, PushIT.events(status, "SKIPPED").size(), status.toString());
        // a later email to another address proves the queue moved on; none went to this user
        String other = "u-" + UUID.randomUUID() + "@example.com";
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest("ue-" + UUID.randomUUID(), other, TEMPLATE,
                "{\"name\":\"X\"}")).statusCode());
        Await.until("the later email", DELIVERY, () -> mailbox.to(other), l -> !l.isEmpty());
        assertEquals(List.of(), mailbox.to(address));
    }

    @Test
    void aUserWithoutAnAddressFailsWithTheReason() {
        String user = user(null, "en", true);
        String requestId = "ue-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", request(requestId, user, "")).statusCode());
        JsonObject status = Await.until("FAILED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "FAILED".equals(s.getString("status")));
        assertEquals("the user has no email address", status.getString("last_error"));
    }

    @Test
    void anUnknownUserIsRefusedAtOnce() {
        HttpResponse<String> r = Api.post("/api/v1/notifications", request("ue-" + UUID.randomUUID(), "nobody-" + UUID.randomUUID(), ""));
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().contains("unknown-user"), r.body());
    }

    private static String request(String requestId, String user, String extra) {
        return "{\"notification_type\":\"email\",\"request_id\":\"" + requestId + "\",\"user_id\":\"" + user
                + "\",\"template_code\":\"" + TEMPLATE + "\",\"variables\":{\"name\":\"Jo\"}" + extra + "}";
    }

    private static String user(String email, String language, boolean emailOn) {
        String id = "u-" + UUID.randomUUID();
        HttpResponse<String> r = Api.post("/api/v1/users", "{\"id\":\"" + id + "\","
                + (email == null ? "" : "\"email\":\"" + email + "\",") + "\"language\":\"" + language + "\","
                + "\"preferences\":{\"email\":" + emailOn + ",\"push\":true}}");
        assertEquals(201, r.statusCode(), r.body());
        return id;
    }
}
