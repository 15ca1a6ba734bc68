package io.herald.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.suppression.UnsubscribeToken;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestPathsTest {

    @Test
    void onlyTheCanonicalHealthPathsAreOpenByDefault() {
        assertTrue(RequestPaths.isOpen("/health/live", false));
        assertTrue(RequestPaths.isOpen("/health/ready", false));
        for (String closed : new String[] {"/health", "/health/", "/health/started", "/health/live/", "/metrics",
                "/metrics/application", "/openapi", "/", "/api/v1/notifications", "/anything"}) {
            assertFalse(RequestPaths.isOpen(closed, false), closed);
        }
    }

    @Test
    void theSesWebhookIsOpenInItsCanonicalSpellingOnly() {
        assertTrue(RequestPaths.isOpen("/api/v1/webhooks/ses", false));
        for (String closed : new String[] {"/api/v1/webhooks/ses/", "/api/v1/webhooks/ses/x", "/api/v1/webhooks/bounces",
                "/api/v1/webhooks", "/api/v1/webhooks/ses;x", "/api/v1/webhooks/%73es", "//api/v1/webhooks/ses",
                "/api/v1/webhooks/ses/../bounces", "/api/v1/webhooks/sesx"}) {
            assertFalse(RequestPaths.isOpen(closed, false), closed);
        }
    }

    @Test
    void otherSpellingsOfAPathAreNeverOpen() {
        for (String spelling : new String[] {"//metrics", "/metrics;x", "/%6detrics", "/health/live/../../metrics",
                "//health/live", "/health/live;x", "/health/%6cive", "/health/./live", "/health%2flive",
                "/./health/ready", "/health/ready/.", "/health/ready%00", "/health/ready%", "/health/ready%zz"}) {
            assertFalse(RequestPaths.isOpen(spelling, false), spelling);
            assertFalse(RequestPaths.isOpen(spelling.replace("health/live", "metrics"), true), spelling);
        }
    }

    @Test
    void telemetryIsOpenOnlyWhenConfiguredPublic() {
        assertTrue(RequestPaths.isOpen("/metrics", true));
        assertTrue(RequestPaths.isOpen("/metrics/application", true));
        assertTrue(RequestPaths.isOpen("/openapi", true));
        assertFalse(RequestPaths.isOpen("/metricsx", true));
        assertFalse(RequestPaths.isOpen("/%6detrics", true));
    }

    @Test
    void deviceTokensInUserPathsAreDecodedAsOneSegmentAndNeverOpen() {
        // FCM-style tokens carry ':'; clients percent-encode what a path segment cannot hold
        String raw = "/api/v1/users/u-1/devices/fcm:APA91bH-x_y";
        assertEquals(Optional.of(raw), RequestPaths.normalise(raw));
        assertEquals(Optional.of("/api/v1/users/u-1/devices/fcm:a%b?c#d+e=f"),
                RequestPaths.normalise("/api/v1/users/u-1/devices/fcm%3Aa%25b%3Fc%23d+e%3Df"));
        assertEquals(Optional.of("/api/v1/users/user@example/devices/a;b"),
                RequestPaths.normalise("/api/v1/users/user%40example/devices/a%3Bb"));
        assertEquals(Optional.of("/api/v1/users/u-1/devices/" + "t".repeat(4096)),
                RequestPaths.normalise("/api/v1/users/u-1/devices/" + "t".repeat(4096)));
        for (String path : new String[] {raw, "/api/v1/users/u-1/devices/fcm%3Aabc", "/api/v1/users/u-1"}) {
            assertFalse(RequestPaths.isOpen(path, true), path);
        }
        // an encoded slash cannot be one segment: such ids and tokens are refused by UserRequestParser
        assertEquals(Optional.empty(), RequestPaths.normalise("/api/v1/users/u-1/devices/a%2Fb"));
    }

    @Test
    void unsubscribeLinksAreOpenOnlyInTheirCanonicalForm() {
        String token = new UnsubscribeToken("request-paths-test-secret-0123456789abcdef")
                .issue("jane@example.com", "newsletter", Instant.parse("2030-01-01T00:00:00Z"));
        String link = "/unsubscribe/" + token;
        assertTrue(RequestPaths.isOpen(link, false), link);
        String shortest = "A".repeat(UnsubscribeToken.MIN_LENGTH);
        assertTrue(RequestPaths.isOpen("/unsubscribe/" + shortest, false), "the form decides, not the validity: checked later");
        for (String closed : new String[] {"/unsubscribe", "/unsubscribe/", link + "/", link + "/x", link + ";x", "//unsubscribe/" + token,
                "/unsubscribe//" + token, "/unsubscribe/./" + token, "/%75nsubscribe/" + token, "/unsubscribe/" + token + "%3D",
                "/unsubscribe/" + token + "=", "/unsubscribe/" + token.substring(1) + "+", "/unsubscribe/" + token.substring(1) + ".",
                "/unsubscribe/" + "A".repeat(UnsubscribeToken.MIN_LENGTH - 1), "/unsubscribe/" + "A".repeat(UnsubscribeToken.MAX_LENGTH + 1),
                "/unsubscribe/x/../" + token, "/api/v1/unsubscribe/" + token, "/Unsubscribe/" + token, "/unsubscribe/" + token + "/.."}) {
            assertFalse(RequestPaths.isOpen(closed, false), closed);
            assertFalse(RequestPaths.isOpen(closed, true), closed);
        }
    }

    @Test
    void normalisesLikeAContainerWould() {
        assertEquals(Optional.of("/metrics"), RequestPaths.normalise("//metrics"));
        assertEquals(Optional.of("/metrics"), RequestPaths.normalise("/metrics;x"));
        assertEquals(Optional.of("/metrics"), RequestPaths.normalise("/%6detrics"));
        assertEquals(Optional.of("/metrics"), RequestPaths.normalise("/health/live/../../metrics"));
        assertEquals(Optional.of("/a/b/"), RequestPaths.normalise("/a/./b/"));
        assertEquals(Optional.empty(), RequestPaths.normalise("/../etc"));
        assertEquals(Optional.empty(), RequestPaths.normalise("/a%2fb"));
        assertEquals(Optional.empty(), RequestPaths.normalise("/a%c3"));
        assertEquals(Optional.empty(), RequestPaths.normalise("metrics"));
    }
}
