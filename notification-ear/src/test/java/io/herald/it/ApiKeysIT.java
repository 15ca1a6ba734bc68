package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may do what: API keys with scopes, 401 without a valid key, 403 without the scope. */
@ExtendWith(ArquillianExtension.class)
class ApiKeysIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }


    private static String request() {
        return Api.emailRequest("auth-" + UUID.randomUUID(), "auth@example.com", "no_such_template", "{}");
    }

    private static void assertUnauthorized(HttpResponse<String> r) {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), r.headers().toString());
    }

    @Test
    void everyEndpointNeedsAKeyButHealthDoesNot() {
        assertUnauthorized(Api.withHeaders("POST", "/api/v1/notifications", request(), "Content-Type", "application/json"));
        assertUnauthorized(Api.withHeaders("GET", "/api/v1/notifications/x", null));
        assertUnauthorized(Api.withHeaders("GET", "/api/v1/templates/x", null));
        assertUnauthorized(Api.withHeaders("GET", "/api/v1/admin/queues", null));
        assertUnauthorized(Api.withHeaders("GET", "/api/v1/admin/api-keys", null));
        // no SMTP server runs in this class, so readiness may be DOWN (503): what matters is no 401
        HttpResponse<String> ready = Api.withHeaders("GET", "/health/ready", null);
        assertTrue(ready.statusCode() == 200 || ready.statusCode() == 503, ready.statusCode() + " " + ready.body());
        assertTrue(Api.json(ready).containsKey("checks"), ready.body());
        assertEquals(200, Api.withHeaders("GET", "/health/live", null).statusCode());
        // metrics are not public unless configured so; any valid key reads them
        assertUnauthorized(Api.withHeaders("GET", "/metrics", null));
        assertUnauthorized(Api.withHeaders("GET", "/metrics/application", null));
        HttpResponse<String> metrics = Api.withHeaders("GET", "/metrics?scope=application", null,
                "Authorization", "Bearer " + Api.issueKey("read"));
        assertEquals(200, metrics.statusCode(), metrics.body());
    }

    @Test
    void unknownWrongAndRevokedKeysGetTheSameAnswer() {
        String key = Api.issueKey("send");
        HttpResponse<String> unknown = Api.withHeaders("POST", "/api/v1/notifications", request(),
                "Content-Type", "application/json", "Authorization", "Bearer hk_nothere_" + "x".repeat(43));
        HttpResponse<String> wrongSecret = Api.withHeaders("POST", "/api/v1/notifications", request(),
                "Content-Type", "application/json", "Authorization", "Bearer " + key.substring(0, 12) + "y".repeat(43));
        assertUnauthorized(unknown);
        assertUnauthorized(wrongSecret);
        assertEquals(unknown.body(), wrongSecret.body());

        String prefix = key.substring(0, 11);
        assertEquals(204, Api.delete("/api/v1/admin/api-keys/" + prefix).statusCode());
        HttpResponse<String> revoked = Api.withHeaders("POST", "/api/v1/notifications", request(),
                "Content-Type", "application/json", "Authorization", "Bearer " + key);
        assertUnauthorized(revoked);
        assertEquals(unknown.body(), revoked.body());
    }

    @Test
    void scopesDecideWhatAKeyMayDo() {
        String reader = Api.issueKey("read");
        String sender = Api.issueKey("send");
        HttpResponse<String> readerSends = Api.withHeaders("POST", "/api/v1/notifications", request(),
                "Content-Type", "application/json", "Authorization", "Bearer " + reader);
        assertEquals(403, readerSends.statusCode(), readerSends.body());
        assertEquals("application/problem+json", readerSends.headers().firstValue("Content-Type").orElse(""));
        assertEquals(404, Api.withHeaders("GET", "/api/v1/notifications/none", null, "Authorization", "Bearer " + reader).statusCode());

        HttpResponse<String> senderSends = Api.withHeaders("POST", "/api/v1/notifications", request(),
                "Content-Type", "application/json", "Authorization", "Bearer " + sender);
        assertEquals(422, senderSends.statusCode(), "authorised, then validated: " + senderSends.body());
        assertEquals(403, Api.withHeaders("GET", "/api/v1/admin/queues", null, "Authorization", "Bearer " + sender).statusCode());
        assertEquals(403, Api.withHeaders("POST", "/api/v1/admin/api-keys", "{}", "Content-Type", "application/json",
                "Authorization", "Bearer " + reader).statusCode());
    }

    @Test
    void responsesCarrySecurityHeadersAndCorsOnlyForConfiguredOrigins() {
        HttpResponse<String> r = Api.withHeaders("GET", "/api/v1/notifications/none", null,
                "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY, "Origin", "https://evil.example");
        assertEquals(404, r.statusCode());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS for unlisted origins");

        // the configured origin (prepare-test-domain.sh): a preflight without credentials, then the call
        HttpResponse<String> preflight = Api.withHeaders("OPTIONS", "/api/v1/notifications", null,
                "Origin", "https://console.herald.test", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type");
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals("https://console.herald.test", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
        HttpResponse<String> evilPreflight = Api.withHeaders("OPTIONS", "/api/v1/notifications", null,
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
        assertTrue(evilPreflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        HttpResponse<String> allowed = Api.withHeaders("GET", "/api/v1/notifications/none", null,
                "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY, "Origin", "https://console.herald.test");
        assertEquals(404, allowed.statusCode());
        assertEquals("https://console.herald.test", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(allowed.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("RateLimit-Remaining"));
        HttpResponse<String> noKey = Api.withHeaders("GET", "/api/v1/notifications/none", null, "Origin", "https://console.herald.test");
        assertEquals(401, noKey.statusCode(), "CORS never replaces authentication");
    }

    @Test
    void keysAreShownOnceAndListedByPrefixOnly() {
        String key = Api.issueKey("send", "read");
        assertTrue(key.matches("hk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}"), key);
        Api.withHeaders("GET", "/api/v1/notifications/none", null, "Authorization", "Bearer " + key);
        String list = Api.get("/api/v1/admin/api-keys").body();
        assertFalse(list.contains(key), "the list never shows a key");
        JsonObject listed = Api.json(Api.get("/api/v1/admin/api-keys")).getJsonArray("items").getValuesAs(JsonObject.class)
                .stream().filter(k -> k.getString("prefix").equals(key.substring(0, 11))).findFirst().orElseThrow();
        assertEquals(2, listed.getJsonArray("scopes").size());
        assertTrue(listed.containsKey("last_used_at"), listed.toString());
        assertEquals(400, Api.post("/api/v1/admin/api-keys", "{\"name\":\"x\",\"scopes\":[\"root\"]}").statusCode());
    }

    @Test
    void aKeyOverItsRateLimitGets429WithRetryAfterUntilItsBucketRefills() {
        HttpResponse<String> created = Api.post("/api/v1/admin/api-keys", "{\"name\":\"it-limited-" + UUID.randomUUID()
                + "\",\"scopes\":[\"read\"],\"rate_limit\":{\"per_second\":1,\"burst\":3}}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject limit = Api.json(created).getJsonObject("rate_limit");
        assertEquals(3, limit.getInt("burst"));
        assertEquals("key", limit.getString("source"));
        String key = Api.json(created).getString("key");

        HttpResponse<String> first = Api.withHeaders("GET", "/api/v1/notifications/none", null, "Authorization", "Bearer " + key);
        assertEquals(404, first.statusCode(), first.body());
        assertEquals("3", first.headers().firstValue("RateLimit-Limit").orElse(""), first.headers().toString());
        assertEquals("2", first.headers().firstValue("RateLimit-Remaining").orElse(""));
        assertTrue(Long.parseLong(first.headers().firstValue("RateLimit-Reset").orElse("-1")) >= 1);

        // the bucket refills one token a second, so within a few fast requests one must be refused
        HttpResponse<String> refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            HttpResponse<String> r = Api.withHeaders("GET", "/api/v1/notifications/none", null, "Authorization", "Bearer " + key);
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                assertEquals(404, r.statusCode(), r.body());
            }
        }
        assertTrue(refused != null, "no 429 within 11 requests against a burst of 3");
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""), refused.headers().toString());
        assertEquals("0", refused.headers().firstValue("RateLimit-Remaining").orElse(""));
        assertEquals("/problems/rate-limited", Api.json(refused).getString("type"));

        Await.until("the bucket refills", java.time.Duration.ofSeconds(10), () -> Api.withHeaders("GET",
                "/api/v1/notifications/none", null, "Authorization", "Bearer " + key).statusCode() == 404);

        // the admin raises the limit: a fresh, bigger bucket at once; other keys were never affected
        String prefix = key.substring(0, 11);
        HttpResponse<String> raised = Api.withHeaders("PUT", "/api/v1/admin/api-keys/" + prefix + "/rate-limit",
                "{\"per_second\":50,\"burst\":100}", "Content-Type", "application/json",
                "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY);
        assertEquals(200, raised.statusCode(), raised.body());
        HttpResponse<String> after = Api.withHeaders("GET", "/api/v1/notifications/none", null, "Authorization", "Bearer " + key);
        assertEquals(404, after.statusCode());
        assertEquals("100", after.headers().firstValue("RateLimit-Limit").orElse(""));
        assertEquals(400, Api.withHeaders("PUT", "/api/v1/admin/api-keys/" + prefix + "/rate-limit",
                "{\"per_second\":0,\"burst\":\"many\"}", "Content-Type", "application/json",
                "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY).statusCode());
        assertEquals(404, Api.withHeaders("PUT", "/api/v1/admin/api-keys/hk_nothere/rate-limit",
                "{\"per_second\":1,\"burst\":1}", "Content-Type", "application/json",
                "Authorization", "Bearer " + ItEnvironment.ADMIN_KEY).statusCode());
    }

    @Test
    void identityProviderTokensGetTheRolesOfTheirGroupsAndScopes() {
        String sender = Jwts.sign(Jwts.claims(Jwts.ISSUER, "billing-service", "[\"herald:send\",\"unrelated\"]", 300), true);
        HttpResponse<String> sent = Api.withHeaders("POST", "/api/v1/notifications", request(),
                "Content-Type", "application/json", "Authorization", "Bearer " + sender);
        assertEquals(422, sent.statusCode(), "authenticated and authorised (the template does not exist): " + sent.body());
        assertEquals(403, Api.withHeaders("GET", "/api/v1/admin/queues", null, "Authorization", "Bearer " + sender).statusCode());
        assertTrue(sent.headers().firstValue("RateLimit-Limit").isPresent(), "JWT callers are rate limited too");

        long now = System.currentTimeMillis() / 1000;
        String admin = Jwts.sign("{\"iss\":\"" + Jwts.ISSUER + "\",\"preferred_username\":\"ops\",\"scope\":\"openid herald:admin\","
                + "\"exp\":" + (now + 300) + "}", true);
        assertEquals(200, Api.withHeaders("GET", "/api/v1/admin/queues", null, "Authorization", "Bearer " + admin).statusCode());

        String expired = Jwts.sign(Jwts.claims(Jwts.ISSUER, "billing-service", "[\"herald:send\"]", -600), true);
        String otherIssuer = Jwts.sign(Jwts.claims("someone-else", "billing-service", "[\"herald:admin\"]", 300), true);
        String forged = Jwts.sign(Jwts.claims(Jwts.ISSUER, "billing-service", "[\"herald:admin\"]", 300), false);
        String noRoles = Jwts.sign(Jwts.claims(Jwts.ISSUER, "billing-service", "[\"unrelated\"]", 300), true);
        // another application's token on a shared identity provider: generic group names grant nothing here
        String genericAdmin = Jwts.sign(Jwts.claims(Jwts.ISSUER, "other-app", "[\"admin\",\"send\",\"read\"]", 300), true);
        String[] parts = admin.split("\\.");
        String unsigned = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        for (String bad : new String[] {expired, otherIssuer, forged, noRoles, genericAdmin, unsigned, parts[0] + "." + parts[1] + ".AAAA"}) {
            assertUnauthorized(Api.withHeaders("GET", "/api/v1/admin/queues", null, "Authorization", "Bearer " + bad));
        }
    }
}
