package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The user directory (issue 10): users and their push devices through {@code /api/v1/users},
 * per owner, with the scopes that may manage or read them, and erasure of an address removing
 * its users. Every test issues its own keys and ids, so tests share nothing.
 */
@ExtendWith(ArquillianExtension.class)
class UsersIT {

    private static final String PROBLEM = "application/problem+json";

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ItEnvironment.ear();
    }


    /** The owner a key's users belong to: its visible prefix. */
    private static String prefix(String key) {
        return key.substring(0, 11);
    }

    private static String id(String what) {
        return what + "-" + UUID.randomUUID();
    }

    private static HttpResponse<String> call(String key, String method, String path, String body) {
        return callAs(key, method, path, body, "application/json");
    }

    private static HttpResponse<String> callAs(String key, String method, String path, String body, String contentType) {
        return Api.withHeaders(method, path, body, "Content-Type", contentType, "Authorization", "Bearer " + key);
    }

    /** Percent-encodes a path segment: everything but letters, digits, {@code -._~} and, to show it is fine raw, {@code :}. */
    private static String seg(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static String user(String id) {
        return "/api/v1/users/" + seg(id);
    }

    private static String device(String id, String token) {
        return user(id) + "/devices/" + seg(token);
    }

    private static String fullUser(String id, String email, JsonArrayBuilder devices) {
        return Json.createObjectBuilder().add("id", id).add("name", "Zoë Núñez").add("email", email)
                .add("language", "pt-BR").add("timezone", "America/Sao_Paulo")
                .add("preferences", Json.createObjectBuilder().add("email", true).add("push", false))
                .add("devices", devices).build().toString();
    }

    private static JsonArrayBuilder devices(String... tokensAndPlatforms) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (int i = 0; i + 1 < tokensAndPlatforms.length; i += 2) {
            a.add(Json.createObjectBuilder().add("token", tokensAndPlatforms[i]).add("platform", tokensAndPlatforms[i + 1]));
        }
        return a;
    }

    private static void assertProblem(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(PROBLEM, r.headers().firstValue("Content-Type").orElse(""), r.headers().toString());
    }

    private static Set<String> errorFields(HttpResponse<String> r) {
        assertProblem(400, r);
        return Api.json(r).getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("field")).collect(Collectors.toSet());
    }

    private static List<String> tokens(JsonObject user) {
        return user.getJsonArray("devices").getValuesAs(JsonObject.class).stream().map(d -> d.getString("token")).toList();
    }

    private static long devicesInDatabase(String owner, String userId) {
        return Database.count("select count(*) from user_device where owner = ? and user_id = ?", owner, userId);
    }

    @Test
    void aUserIsCreatedReadReplacedAndDeleted() {
        String key = Api.issueKey("users");
        String id = id("crud") + ":x@y";
        String email = "crud-" + UUID.randomUUID() + "@users-it.example.com";

        HttpResponse<String> created = call(key, "POST", "/api/v1/users", fullUser(id, email, devices("apns-" + id, "ios")));
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElse("");
        assertTrue(java.net.URI.create(location).getPath().endsWith("/api/v1/users/" + id), location);
        JsonObject body = Api.json(created);
        assertEquals(id, body.getString("id"));
        assertEquals(prefix(key), body.getString("owner"));
        assertEquals("Zoë Núñez", body.getString("name"));
        assertEquals(email, body.getString("email"));
        assertEquals("pt-BR", body.getString("language"));
        assertEquals("America/Sao_Paulo", body.getString("timezone"));
        assertTrue(body.getJsonObject("preferences").getBoolean("email"));
        assertFalse(body.getJsonObject("preferences").getBoolean("push"));
        assertEquals(List.of("apns-" + id), tokens(body));
        JsonObject dev = body.getJsonArray("devices").getJsonObject(0);
        assertEquals("ios", dev.getString("platform"));
        assertEquals(dev.getString("created_at"), dev.getString("last_seen_at"));

        HttpResponse<String> read = call(key, "GET", user(id), null);
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(body, Api.json(read), "what POST answered is what GET reads");
        assertEquals(1, devicesInDatabase(prefix(key), id));

        // a full replace: absent fields are cleared, preferences default, devices are kept when not named
        HttpResponse<String> replaced = call(key, "PUT", user(id), "{\"name\":\"Ann\",\"language\":\"en\"}");
        assertEquals(200, replaced.statusCode(), replaced.body());
        JsonObject after = Api.json(replaced);
        assertEquals("Ann", after.getString("name"));
        assertFalse(after.containsKey("email"), after.toString());
        assertFalse(after.containsKey("timezone"), after.toString());
        assertTrue(after.getJsonObject("preferences").getBoolean("push"));
        assertEquals(List.of("apns-" + id), tokens(after));
        assertEquals(body.getString("created_at"), after.getString("created_at"));
        assertTrue(Instant.parse(after.getString("updated_at")).isAfter(Instant.parse(body.getString("updated_at"))));
        assertEquals(after, Api.json(call(key, "GET", user(id), null)));

        // the body's id may repeat the path's, and devices named in a PUT replace the list
        HttpResponse<String> withDevices = call(key, "PUT", user(id), Json.createObjectBuilder().add("id", id)
                .add("devices", devices("fcm:" + id, "android")).build().toString());
        assertEquals(200, withDevices.statusCode(), withDevices.body());
        assertEquals(List.of("fcm:" + id), tokens(Api.json(withDevices)));

        assertEquals(204, call(key, "DELETE", user(id), null).statusCode());
        assertProblem(404, call(key, "GET", user(id), null));
        assertProblem(404, call(key, "DELETE", user(id), null));
        assertProblem(404, call(key, "PUT", user(id), "{}"));
        assertEquals(0, devicesInDatabase(prefix(key), id), "the devices went with the user");
    }

    @Test
    void aPatchChangesOnlyTheFieldsItNames() {
        String key = Api.issueKey("users");
        String id = id("patch");
        assertEquals(201, call(key, "POST", "/api/v1/users",
                fullUser(id, id + "@users-it.example.com", devices("t-" + id, "web"))).statusCode());

        HttpResponse<String> patched = callAs(key, "PATCH", user(id),
                "{\"name\":\"Bea\",\"email\":null,\"preferences\":{\"push\":true,\"email\":false},\"created_at\":\"ignored\"}",
                "application/merge-patch+json");
        assertEquals(200, patched.statusCode(), patched.body());
        JsonObject p = Api.json(patched);
        assertEquals("Bea", p.getString("name"));
        assertFalse(p.containsKey("email"), "null cleared it: " + p);
        assertEquals("pt-BR", p.getString("language"), "absent: unchanged");
        assertEquals("America/Sao_Paulo", p.getString("timezone"));
        assertFalse(p.getJsonObject("preferences").getBoolean("email"));
        assertTrue(p.getJsonObject("preferences").getBoolean("push"));
        assertEquals(List.of("t-" + id), tokens(p));

        // plain JSON is accepted too; a null preference is back to its default
        HttpResponse<String> again = call(key, "PATCH", user(id), "{\"timezone\":null,\"preferences\":{\"email\":null}}");
        assertEquals(200, again.statusCode(), again.body());
        JsonObject a = Api.json(again);
        assertFalse(a.containsKey("timezone"), a.toString());
        assertEquals("Bea", a.getString("name"));
        assertTrue(a.getJsonObject("preferences").getBoolean("email"));
        assertEquals(a, Api.json(call(key, "GET", user(id), null)));

        assertProblem(415, callAs(key, "PATCH", user(id), "{\"name\":\"x\"}", "text/plain"));
        assertEquals(Set.of("devices"), errorFields(call(key, "PATCH", user(id), "{\"devices\":[]}")));
        assertEquals(Set.of("id"), errorFields(call(key, "PATCH", user(id), "{\"id\":\"another\"}")));
        assertEquals(Set.of("language", "preferences"),
                errorFields(call(key, "PATCH", user(id), "{\"language\":\"english\",\"preferences\":{\"sms\":true}}")));
        assertProblem(404, call(key, "PATCH", user(id("nobody")), "{\"name\":\"x\"}"));
        assertEquals("Bea", Api.json(call(key, "GET", user(id), null)).getString("name"), "refused patches changed nothing");
    }

    @Test
    void devicesAreRegisteredRefreshedMovedAndRemoved() throws InterruptedException {
        String key = Api.issueKey("users");
        String owner = prefix(key);
        String ann = id("ann");
        String bob = id("bob");
        assertEquals(201, call(key, "POST", "/api/v1/users", "{\"id\":\"" + ann + "\"}").statusCode());
        assertEquals(201, call(key, "POST", "/api/v1/users", "{\"id\":\"" + bob + "\"}").statusCode());
        String token = "fcm:" + UUID.randomUUID() + ":APA91bH-x_y"; // FCM-style, with ':' sent raw

        HttpResponse<String> created = call(key, "PUT", device(ann, token), "{\"platform\":\"android\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject first = Api.json(created);
        assertEquals(token, first.getString("token"));
        assertEquals("android", first.getString("platform"));
        assertTrue(created.headers().firstValue("Location").orElse("").contains("/devices/"), created.headers().toString());

        Thread.sleep(5);
        HttpResponse<String> refreshed = call(key, "PUT", device(ann, token), "{\"platform\":\"android\"}");
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonObject second = Api.json(refreshed);
        assertEquals(first.getString("created_at"), second.getString("created_at"));
        assertTrue(Instant.parse(second.getString("last_seen_at")).isAfter(Instant.parse(first.getString("last_seen_at"))));
        assertEquals(List.of(token), tokens(Api.json(call(key, "GET", user(ann), null))));

        // the same token for another user of the same owner: it moves
        HttpResponse<String> moved = call(key, "PUT", device(bob, token), "{\"platform\":\"web\"}");
        assertEquals(201, moved.statusCode(), moved.body());
        assertEquals(List.of(), tokens(Api.json(call(key, "GET", user(ann), null))));
        JsonObject bobNow = Api.json(call(key, "GET", user(bob), null));
        assertEquals(List.of(token), tokens(bobNow));
        assertEquals("web", bobNow.getJsonArray("devices").getJsonObject(0).getString("platform"));
        assertEquals(1, Database.count("select count(*) from user_device where owner = ? and token = ?", owner, token));

        assertProblem(404, call(key, "DELETE", device(ann, token), null));
        assertEquals(204, call(key, "DELETE", device(bob, token), null).statusCode());
        assertProblem(404, call(key, "DELETE", device(bob, token), null));
        assertEquals(0, devicesInDatabase(owner, bob));

        assertEquals(Set.of("platform"), errorFields(call(key, "PUT", device(ann, "t-1"), "{\"platform\":\"blackberry\"}")));
        assertEquals(Set.of("platform"), errorFields(call(key, "PUT", device(ann, "t-1"), "{}")));
        assertProblem(404, call(key, "PUT", device(id("nobody"), "t-1"), "{\"platform\":\"ios\"}"));
        // a token with '/' cannot be one path segment: the server refuses an encoded slash (with a 4xx,
        // or by closing the connection), and nothing is stored
        try {
            HttpResponse<String> slash = call(key, "PUT", user(ann) + "/devices/a%2Fb", "{\"platform\":\"ios\"}");
            assertTrue(slash.statusCode() >= 400 && slash.statusCode() < 500, slash.statusCode() + " " + slash.body());
        } catch (java.io.UncheckedIOException refused) {
            // refused before any answer
        }
        assertEquals(0, devicesInDatabase(owner, ann));

        // the longest token, given in a body; the database's own SHA-256 of it is the row's key
        String longest = "L".repeat(4096 - 36) + UUID.randomUUID();
        HttpResponse<String> withLongest = call(key, "PUT", user(ann), Json.createObjectBuilder()
                .add("devices", devices(longest, "ios")).build().toString());
        assertEquals(200, withLongest.statusCode(), withLongest.body());
        assertEquals(1, Database.count("select count(*) from user_device where owner = ? and user_id = ? and length(token) = 4096"
                + " and token_hash = encode(sha256(convert_to(token, 'UTF8')), 'hex')", owner, ann));
    }

    @Test
    void idsAndTokensWithAnyPrintableCharacterButSlashesTravelPercentEncoded() {
        String key = Api.issueKey("users");
        String plain = id("chars");
        assertEquals(201, call(key, "POST", "/api/v1/users", "{\"id\":\"" + plain + "\"}").statusCode());
        List<String> failed = new ArrayList<>();
        for (char c : ":%+=?#&@!$'()*,;[]{}|^`\"<>~.-_".toCharArray()) {
            String id = "u" + c + UUID.randomUUID() + c;
            int created = call(key, "POST", "/api/v1/users", Json.createObjectBuilder().add("id", id).build().toString()).statusCode();
            HttpResponse<String> read = call(key, "GET", user(id), null);
            int deleted = call(key, "DELETE", user(id), null).statusCode();
            if (created != 201 || read.statusCode() != 200 || !id.equals(Api.json(read).getString("id", null)) || deleted != 204) {
                failed.add("id with " + c + " (POST " + created + ", GET " + read.statusCode() + ", DELETE " + deleted + ")");
            }
            String token = "t" + c + UUID.randomUUID() + c;
            int put = call(key, "PUT", device(plain, token), "{\"platform\":\"ios\"}").statusCode();
            List<String> listed = tokens(Api.json(call(key, "GET", user(plain), null)));
            int removed = call(key, "DELETE", device(plain, token), null).statusCode();
            if (put != 201 || !listed.equals(List.of(token)) || removed != 204) {
                failed.add("token with " + c + " (PUT " + put + ", listed " + listed.size() + ", DELETE " + removed + ")");
            }
        }
        assertEquals(List.of(), failed, "these could not be used in paths, percent-encoded");
    }

    @Test
    void badInputIsAProblemNamingTheFieldsAndNeverQuotingThem() {
        String key = Api.issueKey("users");
        String secret = "secret-" + UUID.randomUUID();
        assertEquals(Set.of("id"), errorFields(call(key, "POST", "/api/v1/users", "{}")));
        HttpResponse<String> bad = call(key, "POST", "/api/v1/users", "{\"id\":\"has space " + secret + "\",\"name\":\"" + secret
                + "\\r\\nBcc: x@example.com\",\"email\":\"" + secret + "@@example.com\",\"language\":\"english\","
                + "\"timezone\":\"+02:00\",\"preferences\":{\"email\":\"no\"},\"devices\":[{\"token\":\"" + secret
                + "\"},{\"token\":\"t\",\"platform\":\"fax\"}]}");
        assertEquals(Set.of("id", "name", "email", "language", "timezone", "preferences.email", "devices[0].platform",
                "devices[1].platform"), errorFields(bad));
        assertFalse(bad.body().contains(secret), bad.body());
        assertProblem(400, call(key, "POST", "/api/v1/users", "{\"id\":"));
        assertEquals("/problems/invalid-json", Api.json(call(key, "POST", "/api/v1/users", "[]")).getString("type"));
        assertProblem(415, callAs(key, "POST", "/api/v1/users", "{\"id\":\"x\"}", "text/plain"));

        String id = id("limits");
        JsonArrayBuilder hundred = Json.createArrayBuilder();
        JsonArrayBuilder hundredAndOne = Json.createArrayBuilder();
        for (int i = 0; i < 101; i++) {
            JsonObject d = Json.createObjectBuilder().add("token", id + "-" + i).add("platform", "ios").build();
            hundredAndOne.add(d);
            if (i < 100) {
                hundred.add(d);
            }
        }
        assertEquals(Set.of("devices"), errorFields(call(key, "POST", "/api/v1/users",
                Json.createObjectBuilder().add("id", id).add("devices", hundredAndOne).build().toString())));
        assertEquals(201, call(key, "POST", "/api/v1/users",
                Json.createObjectBuilder().add("id", id).add("devices", hundred).build().toString()).statusCode());
        HttpResponse<String> oneMore = call(key, "PUT", device(id, id + "-100"), "{\"platform\":\"ios\"}");
        assertProblem(422, oneMore);
        assertEquals("/problems/too-many-devices", Api.json(oneMore).getString("type"));
        assertEquals(100, devicesInDatabase(prefix(key), id));
        assertEquals(200, call(key, "PUT", device(id, id + "-7"), "{\"platform\":\"android\"}").statusCode(),
                "refreshing one it has is fine");
    }

    @Test
    void anIdIsCreatedOnceEvenByConcurrentRequests() throws Exception {
        String key = Api.issueKey("users");
        String id = id("dup");
        assertEquals(201, call(key, "POST", "/api/v1/users", "{\"id\":\"" + id + "\",\"name\":\"First\"}").statusCode());
        HttpResponse<String> again = call(key, "POST", "/api/v1/users", "{\"id\":\"" + id + "\",\"name\":\"Second\"}");
        assertProblem(409, again);
        assertEquals("/problems/user-exists", Api.json(again).getString("type"));
        assertFalse(again.body().contains(id), again.body());
        assertEquals("First", Api.json(call(key, "GET", user(id), null)).getString("name"));

        String raced = id("race");
        String token = "race-token-" + UUID.randomUUID();
        String body = Json.createObjectBuilder().add("id", raced).add("devices", devices(token, "ios")).build().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> call(key, "POST", "/api/v1/users", body)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : calls) {
                statuses.add(f.get().statusCode());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, devicesInDatabase(prefix(key), raced));
    }

    @Test
    void anotherOwnersUsersDoNotExistForACallerButAnAdminSeesThem() {
        String alice = Api.issueKey("users");
        String bob = Api.issueKey("users");
        String id = id("shared");
        String token = "tok:" + id;
        assertEquals(201, call(alice, "POST", "/api/v1/users", "{\"id\":\"" + id + "\",\"name\":\"Alice's\","
                + "\"devices\":[{\"token\":\"" + token + "\",\"platform\":\"ios\"}]}").statusCode());

        HttpResponse<String> missing = call(bob, "GET", user(id("never-created")), null);
        HttpResponse<String> hers = call(bob, "GET", user(id), null);
        assertProblem(404, hers);
        assertEquals(missing.body(), hers.body(), "exactly like a user that does not exist");
        assertProblem(404, call(bob, "PUT", user(id), "{\"name\":\"x\"}"));
        assertProblem(404, call(bob, "PATCH", user(id), "{\"name\":\"x\"}"));
        assertProblem(404, call(bob, "PUT", device(id, "b-1"), "{\"platform\":\"ios\"}"));
        assertProblem(404, call(bob, "DELETE", device(id, token), null));
        assertProblem(404, call(bob, "DELETE", user(id), null));
        // ?owner= is for admins: anyone else still gets only its own
        assertProblem(404, call(bob, "GET", user(id) + "?owner=" + prefix(alice), null));

        // the same id and the same token are bob's own in his namespace
        assertEquals(201, call(bob, "POST", "/api/v1/users", "{\"id\":\"" + id + "\",\"name\":\"Bob's\","
                + "\"devices\":[{\"token\":\"" + token + "\",\"platform\":\"android\"}]}").statusCode());
        assertEquals("Alice's", Api.json(call(alice, "GET", user(id), null)).getString("name"));
        assertEquals(List.of(token), tokens(Api.json(call(alice, "GET", user(id), null))));
        assertEquals("Bob's", Api.json(call(bob, "GET", user(id), null)).getString("name"));

        // an admin: ambiguous without ?owner=, each one with it; writes go where ?owner= says
        String admin = ItEnvironment.ADMIN_KEY;
        HttpResponse<String> ambiguous = call(admin, "GET", user(id), null);
        assertProblem(409, ambiguous);
        assertEquals(Set.of(prefix(alice), prefix(bob)), Api.json(ambiguous).getJsonArray("owners")
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).collect(Collectors.toSet()));
        assertEquals("Alice's", Api.json(call(admin, "GET", user(id) + "?owner=" + prefix(alice), null)).getString("name"));
        assertEquals(200, call(admin, "PATCH", user(id) + "?owner=" + prefix(alice), "{\"name\":\"Fixed by ops\"}").statusCode());
        assertEquals("Fixed by ops", Api.json(call(alice, "GET", user(id), null)).getString("name"));
        assertEquals("Bob's", Api.json(call(bob, "GET", user(id), null)).getString("name"));
        String forAlice = id("by-admin");
        HttpResponse<String> created = call(admin, "POST", "/api/v1/users?owner=" + prefix(alice), "{\"id\":\"" + forAlice + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(prefix(alice), Api.json(created).getString("owner"));
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("?owner=" + prefix(alice)),
                created.headers().toString());
        assertEquals(200, call(alice, "GET", user(forAlice), null).statusCode());
        // only one owner has this one: an admin finds it without ?owner=
        assertEquals(prefix(alice), Api.json(call(admin, "GET", user(forAlice), null)).getString("owner"));
    }

    @Test
    void usersManageSendMayOnlyReadAndReadMayNot() {
        String manager = Api.issueKey("users");
        String sender = Api.issueKey("send");
        String reader = Api.issueKey("read");
        String id = id("scopes");
        assertEquals(201, call(manager, "POST", "/api/v1/users", "{\"id\":\"" + id + "\"}").statusCode());

        // send: reads its own directory (empty here: 404, not 403), changes nothing
        assertProblem(404, call(sender, "GET", user(id), null));
        assertEquals(201, call(ItEnvironment.ADMIN_KEY, "POST", "/api/v1/users?owner=" + prefix(sender),
                "{\"id\":\"" + id + "\",\"name\":\"Seen\"}").statusCode());
        assertEquals("Seen", Api.json(call(sender, "GET", user(id), null)).getString("name"));
        assertProblem(403, call(sender, "POST", "/api/v1/users", "{\"id\":\"" + id("no") + "\"}"));
        assertProblem(403, call(sender, "PUT", user(id), "{}"));
        assertProblem(403, call(sender, "PATCH", user(id), "{\"name\":\"x\"}"));
        assertProblem(403, call(sender, "DELETE", user(id), null));
        assertProblem(403, call(sender, "PUT", device(id, "t"), "{\"platform\":\"ios\"}"));
        assertProblem(403, call(sender, "DELETE", device(id, "t"), null));
        assertEquals("Seen", Api.json(call(sender, "GET", user(id), null)).getString("name"));

        assertProblem(403, call(reader, "GET", user(id), null));
        assertProblem(403, call(reader, "POST", "/api/v1/users", "{\"id\":\"" + id("no") + "\"}"));
        assertProblem(401, Api.withHeaders("GET", user(id), null));

        // the scope is listed like any other, and a JWT gets it with herald:users
        JsonObject listed = Api.json(Api.get("/api/v1/admin/api-keys")).getJsonArray("items").getValuesAs(JsonObject.class)
                .stream().filter(k -> k.getString("prefix").equals(prefix(manager))).findFirst().orElseThrow();
        assertEquals(List.of("users"), listed.getJsonArray("scopes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList());
        String subject = "directory-" + UUID.randomUUID();
        String jwt = Jwts.sign(Jwts.claims(Jwts.ISSUER, subject, "[\"herald:users\"]", 300), true);
        HttpResponse<String> byJwt = call(jwt, "POST", "/api/v1/users", "{\"id\":\"" + id + "\"}");
        assertEquals(201, byJwt.statusCode(), byJwt.body());
        assertEquals("jwt:" + subject, Api.json(byJwt).getString("owner"));
        String sendJwt = Jwts.sign(Jwts.claims(Jwts.ISSUER, subject, "[\"herald:send\"]", 300), true);
        assertProblem(403, call(sendJwt, "DELETE", user(id), null));
        assertEquals(200, call(sendJwt, "GET", user(id), null).statusCode(), "the same subject is the same owner");
    }

    @Test
    void erasingAnAddressDeletesItsUsersOfEveryOwnerWithTheirDevices() {
        String alice = Api.issueKey("users");
        String bob = Api.issueKey("users");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String address = "Erase-" + marker + "@Users-IT.example.com";
        String erased1 = id("erased");
        String erased2 = id("erased");
        String kept = id("kept");
        assertEquals(201, call(alice, "POST", "/api/v1/users", fullUser(erased1, address, devices("e1-" + marker, "ios"))).statusCode());
        assertEquals(201, call(bob, "POST", "/api/v1/users",
                fullUser(erased2, address.toLowerCase(java.util.Locale.ROOT), devices("e2-" + marker, "web"))).statusCode());
        assertEquals(201, call(alice, "POST", "/api/v1/users",
                fullUser(kept, "x" + address.toLowerCase(java.util.Locale.ROOT), devices("k-" + marker, "android"))).statusCode());

        HttpResponse<String> erasure = Api.delete("/api/v1/admin/recipients/" + address.toUpperCase(java.util.Locale.ROOT));
        assertEquals(200, erasure.statusCode(), erasure.body());
        assertEquals(2, Api.json(erasure).getInt("users"), erasure.body());
        assertProblem(404, call(alice, "GET", user(erased1), null));
        assertProblem(404, call(bob, "GET", user(erased2), null));
        assertEquals(0, devicesInDatabase(prefix(alice), erased1) + devicesInDatabase(prefix(bob), erased2));
        assertEquals(200, call(alice, "GET", user(kept), null).statusCode(), "a longer address that contains it is another person");
        assertEquals(1, devicesInDatabase(prefix(alice), kept));
        assertEquals(0, Api.json(Api.delete("/api/v1/admin/recipients/" + address)).getInt("users"), "nothing left the second time");
    }

    @Test
    void timestampsAreTheStoredOnes() {
        String key = Api.issueKey("users");
        String id = id("times");
        JsonObject created = Api.json(call(key, "POST", "/api/v1/users", "{\"id\":\"" + id + "\"}"));
        JsonArray none = created.getJsonArray("devices");
        assertEquals(0, none.size());
        assertEquals(created.getString("created_at"), created.getString("updated_at"));
        assertNotEquals("", created.getString("created_at"));
        assertEquals(created, Api.json(call(key, "GET", user(id), null)), "microseconds, as stored");
    }
}
