package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.suppression.SuppressionReason;
import io.herald.domain.model.suppression.UnsubscribeToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnsubscribeLinksTest {

    private static final String SECRET = "links-test-unsubscribe-secret-0123456789";
    private static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

    /** The suppressions a link added: address, reason, category, source. */
    private final List<String> added = new ArrayList<>();

    private UnsubscribeLinks links(String secret, String publicUrl, int ttlDays) {
        UnsubscribeLinks l = new UnsubscribeLinks();
        l.secret = Optional.ofNullable(secret);
        l.publicUrl = Optional.ofNullable(publicUrl);
        l.ttlDays = ttlDays;
        l.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        l.suppressions = new SuppressionService() {
            @Override
            public Added add(String address, SuppressionReason reason, String category, String source) {
                added.add(address + " " + reason + " " + category + " " + source);
                return null;
            }
        };
        l.start();
        return l;
    }

    private static String token(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void nonTransactionalMailGetsALinkBelowThePublicUrl() {
        UnsubscribeLinks l = links(SECRET, "https://herald.example.com/", 90);
        String url = l.urlFor("Jane@Example.com", "newsletter").orElseThrow();
        assertTrue(url.startsWith("https://herald.example.com/unsubscribe/"), url);
        assertTrue(UnsubscribeToken.looksLikeToken(token(url)), url);
        UnsubscribeToken.Result r = l.check(token(url)).orElseThrow();
        assertTrue(r.isValid());
        assertEquals("jane@example.com", r.address());
        assertEquals("newsletter", r.category());
        assertEquals(NOW.plus(Duration.ofDays(90)), r.expires());
    }

    @Test
    void transactionalMailNeverHasALink() {
        UnsubscribeLinks l = links(SECRET, "https://herald.example.com", 90);
        assertEquals(Optional.empty(), l.urlFor("jane@example.com", "transactional"));
        assertEquals(Optional.empty(), l.urlFor("jane@example.com", null));
        assertEquals(Optional.empty(), l.urlFor("not an address", "newsletter"), "an address no token can carry");
    }

    @Test
    void aPublicUrlWithAPathKeepsIt() {
        String url = links(SECRET, "https://mail.example.com/herald", 90).urlFor("a@example.com", "news").orElseThrow();
        assertTrue(url.startsWith("https://mail.example.com/herald/unsubscribe/"), url);
    }

    @Test
    void withoutASecretLinksAreOffAndNothingIsChecked() {
        UnsubscribeLinks l = links(null, "https://herald.example.com", 90);
        assertEquals(Optional.empty(), l.urlFor("jane@example.com", "newsletter"));
        assertEquals(Optional.empty(), l.check("A".repeat(UnsubscribeToken.MIN_LENGTH)));
        assertEquals(Optional.empty(), l.unsubscribe("A".repeat(UnsubscribeToken.MIN_LENGTH)));
        assertEquals(Optional.empty(), links("   ", "https://herald.example.com", 90).urlFor("jane@example.com", "newsletter"));
        assertEquals(Optional.empty(), links("too-short", "https://herald.example.com", 90).urlFor("jane@example.com", "newsletter"));
        assertEquals(List.of(), added);
    }

    @Test
    void withoutAUsablePublicUrlNoLinkIsMadeButSentOnesAreHonoured() {
        String sent = token(links(SECRET, "https://herald.example.com", 90).urlFor("jane@example.com", "newsletter").orElseThrow());
        for (String url : new String[] {null, "", "herald.example.com", "ftp://herald.example.com", "https://user@herald.example.com",
                "https://herald.example.com/?x=1", "https://herald.example.com/#f", "https:///nohost", "http://bad host"}) {
            UnsubscribeLinks l = links(SECRET, url, 90);
            assertEquals(Optional.empty(), l.urlFor("jane@example.com", "newsletter"), String.valueOf(url));
            assertTrue(l.check(sent).orElseThrow().isValid(), String.valueOf(url));
        }
        assertTrue(links(SECRET, "http://127.0.0.1:28080", 90).urlFor("a@example.com", "news").isPresent(), "http is accepted");
    }

    @Test
    void anOutOfRangeLifetimeTurnsLinksOff() {
        assertEquals(Optional.empty(), links(SECRET, "https://herald.example.com", 0).urlFor("a@example.com", "news"));
        assertEquals(Optional.empty(), links(SECRET, "https://herald.example.com", UnsubscribeLinks.MAX_TTL_DAYS + 1)
                .urlFor("a@example.com", "news"));
        assertTrue(links(SECRET, "https://herald.example.com", 1).urlFor("a@example.com", "news").isPresent());
    }

    @Test
    void followingAValidLinkUnsubscribesFromItsCategoryOnly() {
        UnsubscribeLinks l = links(SECRET, "https://herald.example.com", 90);
        String token = token(l.urlFor("Jane@Example.com", "newsletter").orElseThrow());
        assertTrue(l.unsubscribe(token).orElseThrow().isValid());
        assertEquals(List.of("jane@example.com UNSUBSCRIBE newsletter one-click"), added);
    }

    @Test
    void checkingChangesNothing() {
        UnsubscribeLinks l = links(SECRET, "https://herald.example.com", 90);
        l.check(token(l.urlFor("jane@example.com", "newsletter").orElseThrow()));
        assertEquals(List.of(), added);
    }

    @Test
    void invalidOrExpiredLinksChangeNothing() {
        UnsubscribeLinks issuing = links(SECRET, "https://herald.example.com", 1);
        String token = token(issuing.urlFor("jane@example.com", "newsletter").orElseThrow());
        UnsubscribeLinks later = links(SECRET, "https://herald.example.com", 1);
        later.clock = Clock.fixed(NOW.plus(Duration.ofDays(1)).plusSeconds(1), ZoneOffset.UTC);
        assertEquals(UnsubscribeToken.Status.EXPIRED, later.unsubscribe(token).orElseThrow().status());
        int middle = token.length() / 2;
        String tampered = token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A') + token.substring(middle + 1);
        assertEquals(UnsubscribeToken.Status.INVALID, issuing.unsubscribe(tampered).orElseThrow().status());
        UnsubscribeLinks otherKey = links("another-secret-for-unsubscribe-links-0000", "https://herald.example.com", 90);
        assertEquals(UnsubscribeToken.Status.INVALID, otherKey.unsubscribe(token).orElseThrow().status());
        assertFalse(added.iterator().hasNext(), added.toString());
    }
}
