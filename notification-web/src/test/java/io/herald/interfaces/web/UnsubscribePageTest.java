package io.herald.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.suppression.UnsubscribeToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UnsubscribePageTest {

    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    private static UnsubscribeToken.Result result(UnsubscribeToken.Status status) {
        return new UnsubscribeToken.Result(status, status == UnsubscribeToken.Status.INVALID ? null : "jane.doe@example.com",
                status == UnsubscribeToken.Status.INVALID ? null : "newsletter", EXPIRES);
    }

    @Test
    void theConfirmationAsksWithAFormAndShowsNoAddressInFull() {
        UnsubscribePage.Page page = UnsubscribePage.confirm("jane.doe@example.com", "newsletter");
        assertEquals(200, page.status());
        assertFalse(page.html().contains("jane.doe"), page.html());
        assertFalse(page.html().contains("example.com"), page.html());
        assertTrue(page.html().contains("j***@e***.com"), page.html());
        assertTrue(page.html().contains("<strong>newsletter</strong>"), page.html());
        assertTrue(page.html().contains("<form method=\"post\">"), "posts back to the page's own URL: " + page.html());
        assertTrue(page.html().contains("name=\"List-Unsubscribe\" value=\"One-Click\""), "the body RFC 8058 names");
        assertFalse(page.html().toLowerCase().contains("<script"), page.html());
        assertFalse(Pattern.compile("\\son[a-z]+=").matcher(page.html()).find(), "no event handler attributes: " + page.html());
    }

    @Test
    void theAnswersHaveTheirStatus() {
        assertEquals(200, UnsubscribePage.unsubscribed("jane@example.com", "newsletter").status());
        assertFalse(UnsubscribePage.unsubscribed("jane@example.com", "newsletter").html().contains("jane@"));
        assertEquals(400, UnsubscribePage.invalid().status());
        assertEquals(400, UnsubscribePage.expired().status());
        assertTrue(UnsubscribePage.expired().html().contains("expired"));
        assertEquals(404, UnsubscribePage.notEnabled().status());
        assertEquals(429, UnsubscribePage.tooManyAttempts().status());
    }

    @Test
    void theServletShowsThePageForWhatTheTokenSaid() {
        assertEquals(404, UnsubscribeServlet.page(Optional.empty(), false).status(), "links off");
        assertEquals(400, UnsubscribeServlet.page(Optional.of(result(UnsubscribeToken.Status.INVALID)), true).status());
        UnsubscribePage.Page expired = UnsubscribeServlet.page(Optional.of(result(UnsubscribeToken.Status.EXPIRED)), true);
        assertEquals(400, expired.status());
        assertTrue(expired.html().contains("expired"));
        UnsubscribePage.Page confirm = UnsubscribeServlet.page(Optional.of(result(UnsubscribeToken.Status.VALID)), false);
        assertTrue(confirm.html().contains("<form"), "GET asks");
        UnsubscribePage.Page done = UnsubscribeServlet.page(Optional.of(result(UnsubscribeToken.Status.VALID)), true);
        assertEquals(200, done.status());
        assertFalse(done.html().contains("<form"), "POST answers");
        assertTrue(done.html().contains("no more <strong>newsletter</strong>"), done.html());
    }

    @Test
    void insertedTextIsEscaped() {
        String html = UnsubscribePage.confirm("a@example.com", "<img src=x onerror=alert(1)>&\"'").html();
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;"), html);
        assertFalse(html.contains("<img"), html);
    }

    @Test
    void addressesAreMasked() {
        assertEquals("j***@e***.com", UnsubscribePage.mask("jane.doe@example.com"));
        assertEquals("a***@m***.uk", UnsubscribePage.mask("a@mail.example.co.uk"));
        assertEquals("a***@b***", UnsubscribePage.mask("a@b"));
        assertEquals("***", UnsubscribePage.mask("nobody"));
    }

    @Test
    void thePolicyAllowsTheStyleByItsHashAndNoScript() throws Exception {
        String csp = UnsubscribePage.CONTENT_SECURITY_POLICY;
        for (String directive : List.of("default-src 'none'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'")) {
            assertTrue(csp.contains(directive), directive + " in " + csp);
        }
        assertFalse(csp.contains("script-src"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(UnsubscribePage.invalid().html());
        assertTrue(style.find());
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(style.group(1).getBytes(StandardCharsets.UTF_8)));
        assertTrue(csp.contains("style-src 'sha256-" + hash + "'"), csp);
    }
}
