package io.herald.domain.model.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.suppression.UnsubscribeToken.Result;
import io.herald.domain.model.suppression.UnsubscribeToken.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnsubscribeTokenTest {

    private static final String SECRET = "unit-test-unsubscribe-secret-0123456789";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofDays(90));
    private final UnsubscribeToken tokens = new UnsubscribeToken(SECRET);

    @Test
    void aTokenSaysWhoUnsubscribesFromWhatUntilWhen() {
        String token = tokens.issue("John.Doe@Example.com", "newsletter", EXPIRES);
        Result r = tokens.verify(token, NOW);
        assertEquals(Status.VALID, r.status());
        assertTrue(r.isValid());
        assertEquals("john.doe@example.com", r.address(), "the lower-cased form the suppression list stores");
        assertEquals("newsletter", r.category());
        assertEquals(EXPIRES, r.expires());
        assertTrue(UnsubscribeToken.looksLikeToken(token), token);
    }

    @Test
    void theExpiryIsEnforcedUpToTheSecond() {
        String token = tokens.issue("a@example.com", "newsletter", EXPIRES);
        assertEquals(Status.VALID, tokens.verify(token, EXPIRES).status(), "valid at its expiry");
        Result late = tokens.verify(token, EXPIRES.plusSeconds(1));
        assertEquals(Status.EXPIRED, late.status());
        assertFalse(late.isValid());
        assertEquals("newsletter", late.category(), "an expired link can still say what it was for");
    }

    @Test
    void everyChangedBitMakesTheTokenInvalid() {
        String token = tokens.issue("someone@example.com", "promotions", EXPIRES);
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = bytes.clone();
                tampered[i] ^= (byte) (1 << bit);
                String text = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
                Result r = tokens.verify(text, NOW);
                assertEquals(Status.INVALID, r.status(), "byte " + i + " bit " + bit);
                assertNull(r.address());
                assertNull(r.category());
            }
        }
    }

    @Test
    void aLaterExpiryCannotBeWrittenIntoAToken() {
        String token = tokens.issue("someone@example.com", "newsletter", NOW.minusSeconds(60));
        assertEquals(Status.EXPIRED, tokens.verify(token, NOW).status());
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        bytes[1] = 0x7F; // the expiry's most significant byte: far in the future
        Result r = tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), NOW);
        assertEquals(Status.INVALID, r.status(), "not EXPIRED, not VALID: the tag no longer matches");
    }

    @Test
    void aTokenIsForItsOwnCategoryOnly() {
        String news = tokens.issue("someone@example.com", "newsletter", EXPIRES);
        String promo = tokens.issue("someone@example.com", "promotions", EXPIRES);
        assertNotEquals(news, promo);
        assertEquals("newsletter", tokens.verify(news, NOW).category());
        assertEquals("promotions", tokens.verify(promo, NOW).category());
        // the tag of one with the ciphertext of the other (same length: both categories have 10 letters)
        byte[] a = Base64.getUrlDecoder().decode(news);
        byte[] b = Base64.getUrlDecoder().decode(promo);
        assertEquals(a.length, b.length);
        byte[] spliced = a.clone();
        System.arraycopy(b, 41, spliced, 41, b.length - 41);
        assertEquals(Status.INVALID, tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(spliced), NOW).status());
    }

    @Test
    void anotherKeysTokensAreInvalid() {
        String token = tokens.issue("someone@example.com", "newsletter", EXPIRES);
        UnsubscribeToken other = new UnsubscribeToken("another-unsubscribe-secret-9876543210-xyz");
        assertEquals(Status.INVALID, other.verify(token, NOW).status());
        assertEquals(Status.INVALID, tokens.verify(other.issue("someone@example.com", "newsletter", EXPIRES), NOW).status());
        // surrounding white space in the configured secret is not part of it
        assertEquals(Status.VALID, new UnsubscribeToken("  " + SECRET + "\n").verify(token, NOW).status());
    }

    @Test
    void theAddressIsNotReadableInTheToken() {
        String address = "private.person@example.com";
        String token = tokens.issue(address, "newsletter", EXPIRES);
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
        assertFalse(decoded.contains("private"), "the address is encrypted");
        assertFalse(decoded.contains("example"), "the domain too");
        assertFalse(decoded.contains("newsletter"), "and the category");
    }

    @Test
    void transactionalMailHasNoToken() {
        assertThrows(IllegalArgumentException.class, () -> tokens.issue("a@example.com", "transactional", EXPIRES));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue("a@example.com", null, EXPIRES));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue("a@example.com", "", EXPIRES));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue("a@example.com", "c".repeat(65), EXPIRES));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue("not an address", "newsletter", EXPIRES));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(null, "newsletter", EXPIRES));
    }

    @Test
    void tooShortSecretsAreRefusedWithoutQuotingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UnsubscribeToken("short-secret"));
        assertFalse(e.getMessage().contains("short-secret"));
        assertThrows(IllegalArgumentException.class, () -> new UnsubscribeToken(null));
        assertThrows(IllegalArgumentException.class, () -> new UnsubscribeToken(" ".repeat(40)));
    }

    @Test
    void theLengthBoundsHoldForTheShortestAndLongestTokens() {
        String shortest = tokens.issue("a@b", "n", EXPIRES);
        String longest = tokens.issue("l".repeat(64) + "@" + ("d".repeat(61) + ".").repeat(3) + "com", "c".repeat(64), EXPIRES);
        assertEquals(UnsubscribeToken.MIN_LENGTH, shortest.length());
        assertEquals(UnsubscribeToken.MAX_LENGTH, longest.length());
        assertTrue(tokens.verify(shortest, NOW).isValid());
        assertTrue(tokens.verify(longest, NOW).isValid());
    }

    @Test
    void onlyTheTokenAlphabetAndLengthsLookLikeAToken() {
        String token = tokens.issue("a@example.com", "newsletter", EXPIRES);
        assertTrue(UnsubscribeToken.looksLikeToken(token));
        for (String bad : List.of(token + "=", token.substring(1) + "+", token.substring(1) + "/", token.substring(1) + ".",
                token.substring(1) + "%", token.substring(1) + " ", "A".repeat(UnsubscribeToken.MIN_LENGTH - 1),
                "A".repeat(UnsubscribeToken.MAX_LENGTH + 1), "A".repeat(UnsubscribeToken.MIN_LENGTH + 3) /* length 4n+1 */, "")) {
            assertFalse(UnsubscribeToken.looksLikeToken(bad), bad);
            assertEquals(Status.INVALID, tokens.verify(bad, NOW).status(), bad);
        }
        assertFalse(UnsubscribeToken.looksLikeToken(null));
        assertEquals(Status.INVALID, tokens.verify(null, NOW).status());
    }

    @Test
    void garbageNeverThrowsAndIsInvalid() {
        Random random = new Random(42);
        String token = tokens.issue("a@example.com", "newsletter", EXPIRES);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 1; // the current version, so that the tag check is reached
            }
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            assertEquals(Status.INVALID, tokens.verify(text, NOW).status(), text);
        }
        for (int cut = 1; cut < token.length(); cut++) {
            assertEquals(Status.INVALID, tokens.verify(token.substring(0, token.length() - cut), NOW).status(), "cut " + cut);
        }
    }

    @Test
    void theResultNamesNoAddress() {
        Result r = tokens.verify(tokens.issue("hidden@example.com", "newsletter", EXPIRES), NOW);
        assertFalse(r.toString().contains("hidden"), r.toString());
        assertTrue(r.toString().contains("VALID"));
    }
}
