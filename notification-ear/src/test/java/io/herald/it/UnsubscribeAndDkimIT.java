package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One-click unsubscribe (RFC 8058) and DKIM on real parts: newsletter mail carries
 * {@code List-Unsubscribe} and {@code List-Unsubscribe-Post}; following the link with GET shows a
 * page and changes nothing, the one-click POST puts the address on the suppression list for the
 * newsletter category; a tampered link changes nothing; transactional mail has no link; and every
 * delivered message's DKIM signature verifies with an independent verifier (Apache James jDKIM)
 * and the public key prepare-test-domain.sh made, with the unsubscribe headers signed.
 */
@ExtendWith(ArquillianExtension.class)
class UnsubscribeAndDkimIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String NEWS = "newsletter_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String RECEIPT = "receipt_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String LINK_PREFIX = ItEnvironment.BASE_URL + "/unsubscribe/";
    private static Mailbox mailbox;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }

    @BeforeAll
    static void setUp() {
        mailbox = Mailbox.start();
        HttpResponse<String> news = Api.post("/api/v1/templates", Json.createObjectBuilder().add("code", NEWS)
                .add("category", "newsletter").add("subject", "News {{n}}")
                .add("body_text", "News {{n}}. Unsubscribe: {{unsubscribe_url}}").build().toString());
        assertEquals(201, news.statusCode(), news.body());
        Api.createTemplate(RECEIPT, "Receipt {{n}}", "<p>Receipt {{n}}</p>", "Receipt {{n}}|{{unsubscribe_url}}|");
    }

    @AfterAll
    static void stop() {
        mailbox.close();
    }

    private static String address(String kind) {
        return kind + "-" + UUID.randomUUID() + "@example.com";
    }

    /** Sends one email and returns it as the SMTP server received it (the newest one to that address). */
    private static MimeMessage send(String template, String to, String variables) {
        int before = mailbox.to(to).size();
        HttpResponse<String> accepted = Api.post("/api/v1/notifications",
                Api.emailRequest("unsub-" + UUID.randomUUID(), to, template, variables));
        assertEquals(202, accepted.statusCode(), accepted.body());
        List<MimeMessage> received = Await.until("the email to " + template, DELIVERY, () -> mailbox.to(to), l -> l.size() > before);
        return received.get(received.size() - 1);
    }

    /** The link in List-Unsubscribe, checked to be on the test domain's public URL. */
    private static String link(MimeMessage mail) throws Exception {
        String header = mail.getHeader("List-Unsubscribe", null);
        assertNotNull(header, "List-Unsubscribe");
        assertTrue(header.startsWith("<" + LINK_PREFIX) && header.endsWith(">"), header);
        assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post", null));
        return header.substring(1, header.length() - 1);
    }

    private static JsonArray suppressions(String address) {
        HttpResponse<String> r = Api.get("/api/v1/suppressions?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        return Api.json(r).getJsonArray("items");
    }

    /** A request with no key, as a mail client or a browser makes it. */
    private static HttpResponse<String> anonymous(String method, String url, String formBody) {
        String path = url.substring(ItEnvironment.BASE_URL.length());
        return formBody == null ? Api.withHeaders(method, path, null)
                : Api.withHeaders(method, path, formBody, "Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void getShowsAPageAndOneClickPostUnsubscribesFromTheCategory() throws Exception {
        String address = address("oneclick");
        MimeMessage mail = send(NEWS, address, "{\"n\":1,\"unsubscribe_url\":\"https://evil.example/keep-me\"}");
        String url = link(mail);
        String text = ((String) mail.getContent()).strip();
        assertEquals("News 1. Unsubscribe: " + url, text, "{{unsubscribe_url}} is Herald's link, not the caller's variable");

        // GET: a page asking to confirm; nothing changes (link scanners follow links)
        HttpResponse<String> page = anonymous("GET", url, null);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("<form method=\"post\">"), page.body());
        assertFalse(page.body().contains(address), "the address is never shown in full");
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("form-action 'self'") && !csp.contains("script"), csp);
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
        assertEquals(0, suppressions(address).size(), "GET unsubscribes nobody");

        // RFC 8058 one-click POST, as a mailbox provider sends it
        HttpResponse<String> done = anonymous("POST", url, "List-Unsubscribe=One-Click");
        assertEquals(200, done.statusCode(), done.body());
        JsonArray entries = suppressions(address);
        assertEquals(1, entries.size(), entries.toString());
        JsonObject entry = entries.getJsonObject(0);
        assertEquals("UNSUBSCRIBE", entry.getString("reason"));
        assertEquals("newsletter", entry.getString("category"));
        assertEquals("one-click", entry.getString("source"));
        assertEquals(address.toLowerCase(Locale.ROOT), entry.getString("address"));

        // again: the same answer, no second entry
        assertEquals(200, anonymous("POST", url, "List-Unsubscribe=One-Click").statusCode());
        assertEquals(1, suppressions(address).size());

        // the next newsletter is suppressed; transactional mail still arrives
        String requestId = "unsub-" + UUID.randomUUID();
        assertEquals(202, Api.post("/api/v1/notifications", Api.emailRequest(requestId, address, NEWS, "{\"n\":2}")).statusCode());
        Await.until("the next newsletter SUPPRESSED", DELIVERY, () -> Api.status(requestId),
                s -> s != null && "SUPPRESSED".equals(s.getString("status")));
        assertNull(send(RECEIPT, address, "{\"n\":3}").getHeader("List-Unsubscribe"));
    }

    @Test
    void aTamperedOrMalformedLinkChangesNothing() throws Exception {
        String address = address("tampered");
        String url = link(send(NEWS, address, "{\"n\":1}"));
        String token = url.substring(LINK_PREFIX.length());
        int middle = token.length() / 2;
        String tampered = LINK_PREFIX + token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A')
                + token.substring(middle + 1);

        HttpResponse<String> get = anonymous("GET", tampered, null);
        assertEquals(400, get.statusCode(), get.body());
        assertTrue(get.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        HttpResponse<String> post = anonymous("POST", tampered, "List-Unsubscribe=One-Click");
        assertEquals(400, post.statusCode(), post.body());
        // not the canonical form of a link: not open at all
        assertEquals(401, anonymous("POST", url + "/", "List-Unsubscribe=One-Click").statusCode());
        assertEquals(401, anonymous("POST", url + "=", "List-Unsubscribe=One-Click").statusCode());
        assertEquals(401, anonymous("POST", LINK_PREFIX + "short", "List-Unsubscribe=One-Click").statusCode());
        assertEquals(0, suppressions(address).size(), "nothing changed");
    }

    @Test
    void transactionalMailHasNoUnsubscribeLink() throws Exception {
        MimeMessage mail = send(RECEIPT, address("receipt"), "{\"n\":1,\"unsubscribe_url\":\"https://evil.example/\"}");
        assertNull(mail.getHeader("List-Unsubscribe"));
        assertNull(mail.getHeader("List-Unsubscribe-Post"));
        String text = ((String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent()).strip();
        assertEquals("Receipt 1||", text, "{{unsubscribe_url}} is empty, whatever the caller sent");
    }

    @Test
    void deliveredMailIsDkimSignedWithTheUnsubscribeHeadersCovered() throws Exception {
        String published = "v=DKIM1; k=rsa; p=" + Files.readString(Path.of(ItEnvironment.DKIM_PUBLIC_KEY_FILE))
                .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        MimeMessage news = send(NEWS, address("dkim"), "{\"n\":1}");
        SignatureRecord signature = verify(news, published);
        assertEquals(ItEnvironment.DKIM_DOMAIN, signature.getDToken().toString());
        assertEquals(ItEnvironment.DKIM_SELECTOR, signature.getSelector().toString());
        List<String> signed = signature.getHeaders().stream().map(h -> h.toString().toLowerCase(Locale.ROOT)).toList();
        for (String header : List.of("from", "to", "subject", "message-id", "list-unsubscribe", "list-unsubscribe-post")) {
            assertTrue(signed.contains(header), header + " in h= " + signed);
        }
        String messageId = news.getHeader("Message-ID", null);
        assertTrue(messageId.endsWith("@" + ItEnvironment.DKIM_DOMAIN + ">"), messageId);

        // transactional mail is signed too, without unsubscribe headers to cover
        verify(send(RECEIPT, address("dkim"), "{\"n\":2}"), published);
    }

    /** Checks the message's one DKIM-Signature with jDKIM, the selector's DNS record answered with {@code record}. */
    private static SignatureRecord verify(MimeMessage mail, String record) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.writeTo(raw);
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            assertEquals(ItEnvironment.DKIM_SELECTOR, selector.toString());
            assertEquals(ItEnvironment.DKIM_DOMAIN, domain.toString());
            return List.of(record);
        });
        List<SignatureRecord> verified = verifier.verify(new ByteArrayInputStream(raw.toByteArray()));
        assertNotNull(verified, "the message has a DKIM-Signature");
        assertEquals(1, verified.size());
        return verified.get(0);
    }
}
