package io.herald.domain.model.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class UserRequestParserTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readObject();
        }
    }

    private static List<FieldError> errors(Executable parse) {
        return assertThrows(InvalidNotificationRequestException.class, parse).errors();
    }

    private static Set<String> badFields(Executable parse) {
        return errors(parse).stream().map(FieldError::field).collect(Collectors.toSet());
    }

    private static Set<String> badCreateFields(String body) {
        return badFields(() -> UserRequestParser.parseCreate(json(body)));
    }

    @Test
    void createNeedsOnlyAnIdAndDefaultsThePreferences() {
        UserDraft d = UserRequestParser.parseCreate(json("{'id':'user-1'}"));
        assertEquals("user-1", d.id());
        assertNull(d.name());
        assertNull(d.email());
        assertNull(d.language());
        assertNull(d.timezone());
        assertTrue(d.emailEnabled());
        assertTrue(d.pushEnabled());
        assertFalse(d.hasDevices());
    }

    @Test
    void createReadsEveryField() {
        UserDraft d = UserRequestParser.parseCreate(json("""
                {'id':'550e8400-e29b-41d4-a716-446655440000','name':'Zoë Núñez','email':'zoe@example.com',
                 'language':'pt-BR','timezone':'America/Sao_Paulo','preferences':{'email':false,'push':true},
                 'devices':[{'token':'fcm:APA91b-x_y','platform':'android'},{'token':'a1b2c3','platform':'ios'}],
                 'created_at':'ignored','owner':'ignored'}
                """));
        assertEquals("Zoë Núñez", d.name());
        assertEquals("zoe@example.com", d.email());
        assertEquals("pt-BR", d.language());
        assertEquals("America/Sao_Paulo", d.timezone());
        assertFalse(d.emailEnabled());
        assertTrue(d.pushEnabled());
        assertEquals(List.of(new DeviceRegistration("fcm:APA91b-x_y", Platform.ANDROID),
                new DeviceRegistration("a1b2c3", Platform.IOS)), d.devices());
    }

    @Test
    void createNamesEveryBadFieldAtOnce() {
        assertEquals(Set.of("id", "name", "email", "language", "timezone", "preferences", "devices[0].platform"),
                badCreateFields("{'name':'','email':'not-an-address','language':'english','timezone':'+02:00',"
                        + "'preferences':{'sms':true},'devices':[{'token':'t1','platform':'blackberry'}]}"));
    }

    @Test
    void idsAreRequiredPrintableAndAddressableInAPath() {
        assertEquals(Set.of("id"), badCreateFields("{}"));
        assertEquals(Set.of("id"), badCreateFields("{'id':null}"));
        assertEquals(Set.of("id"), badCreateFields("{'id':42}"));
        for (String bad : new String[] {"", "has space", "a/b", "a\\\\b", ".", "..", "tab\\tbed", "é", "x".repeat(256)}) {
            assertEquals(Set.of("id"), badCreateFields("{'id':'" + bad + "'}"), bad);
        }
        for (String good : new String[] {"u", "...", "a.b", "user:42", "a%b?c#d", "x".repeat(255), "!~{}[]@+=;,"}) {
            assertEquals(good, UserRequestParser.parseCreate(json("{'id':'" + good + "'}")).id());
        }
    }

    @Test
    void namesAreBoundedAndSingleLine() {
        assertEquals("x".repeat(200), UserRequestParser.parseCreate(json("{'id':'u','name':'" + "x".repeat(200) + "'}")).name());
        // 200 characters outside the BMP are 400 UTF-16 units, and still 200 characters
        String emoji = "\uD83D\uDE00".repeat(200);
        assertEquals(emoji, UserRequestParser.parseCreate(json("{'id':'u','name':'" + emoji + "'}")).name());
        assertEquals(Set.of("name"), badCreateFields("{'id':'u','name':'" + "x".repeat(201) + "'}"));
        assertEquals(Set.of("name"), badCreateFields("{'id':'u','name':'Evil\\r\\nBcc: x@example.com'}"));
        assertEquals(Set.of("name"), badCreateFields("{'id':'u','name':['x']}"));
    }

    @Test
    void languagesAreTagsLikeTheNotificationsOnes() {
        assertEquals("en", UserRequestParser.parseCreate(json("{'id':'u','language':'en'}")).language());
        assertEquals("pt-BR", UserRequestParser.parseCreate(json("{'id':'u','language':'pt-BR'}")).language());
        for (String bad : new String[] {"EN", "e", "english", "pt_BR", "pt-", ""}) {
            assertEquals(Set.of("language"), badCreateFields("{'id':'u','language':'" + bad + "'}"), bad);
        }
    }

    @Test
    void timeZonesAreIanaRegionIdsNotOffsets() {
        for (String good : new String[] {"Europe/Lisbon", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "UTC"}) {
            assertEquals(good, UserRequestParser.parseCreate(json("{'id':'u','timezone':'" + good + "'}")).timezone());
        }
        for (String bad : new String[] {"+02:00", "Z", "UTC+2", "GMT+02:00", "europe/lisbon", "Mars/Olympus_Mons", "", "CEST"}) {
            assertEquals(Set.of("timezone"), badCreateFields("{'id':'u','timezone':'" + bad + "'}"), bad);
        }
    }

    @Test
    void preferencesAreTwoBooleansDefaultingToTrue() {
        UserDraft d = UserRequestParser.parseCreate(json("{'id':'u','preferences':{'push':false}}"));
        assertTrue(d.emailEnabled());
        assertFalse(d.pushEnabled());
        d = UserRequestParser.parseCreate(json("{'id':'u','preferences':null}"));
        assertTrue(d.emailEnabled() && d.pushEnabled());
        d = UserRequestParser.parseCreate(json("{'id':'u','preferences':{'email':null}}"));
        assertTrue(d.emailEnabled());
        assertEquals(Set.of("preferences.email"), badCreateFields("{'id':'u','preferences':{'email':'no'}}"));
        assertEquals(Set.of("preferences.push"), badCreateFields("{'id':'u','preferences':{'push':0}}"));
        assertEquals(Set.of("preferences"), badCreateFields("{'id':'u','preferences':true}"));
        List<FieldError> unknown = errors(() -> UserRequestParser.parseCreate(json("{'id':'u','preferences':{'Email':false}}")));
        assertEquals(1, unknown.size());
        assertTrue(unknown.get(0).message().contains("\"Email\""), unknown.toString());
    }

    @Test
    void devicesAreBoundedDistinctAndComplete() {
        assertEquals(List.of(), UserRequestParser.parseCreate(json("{'id':'u','devices':[]}")).devices());
        String longest = "t".repeat(4096);
        assertEquals(longest, UserRequestParser.parseCreate(json("{'id':'u','devices':[{'token':'" + longest
                + "','platform':'web'}]}")).devices().get(0).token());
        assertEquals(Set.of("devices[0].token"), badCreateFields("{'id':'u','devices':[{'token':'" + longest
                + "t','platform':'web'}]}"));
        assertEquals(Set.of("devices[1].token"), badCreateFields(
                "{'id':'u','devices':[{'token':'same','platform':'ios'},{'token':'same','platform':'android'}]}"));
        assertEquals(Set.of("devices[0].token", "devices[0].platform"), badCreateFields("{'id':'u','devices':[{}]}"));
        assertEquals(Set.of("devices[0].token", "devices[1].platform", "devices[2]"), badCreateFields(
                "{'id':'u','devices':[{'token':'a b','platform':'ios'},{'token':'b','platform':'IOS'},'c']}"));
        assertEquals(Set.of("devices[0].token"), badCreateFields("{'id':'u','devices':[{'token':'a/b','platform':'ios'}]}"));
        assertEquals(Set.of("devices"), badCreateFields("{'id':'u','devices':{'token':'a','platform':'ios'}}"));
        StringBuilder many = new StringBuilder("{'id':'u','devices':[");
        for (int i = 0; i <= UserRequestParser.MAX_DEVICES; i++) {
            many.append(i == 0 ? "" : ",").append("{'token':'t").append(i).append("','platform':'ios'}");
        }
        assertEquals(Set.of("devices"), badCreateFields(many.append("]}").toString()));
    }

    @Test
    void aReplaceTakesItsIdFromThePath() {
        UserDraft d = UserRequestParser.parseReplace("user-7", json("{'name':'Ann'}"));
        assertEquals("user-7", d.id());
        assertEquals("Ann", d.name());
        assertFalse(d.hasDevices(), "no devices named: the replace leaves them alone");
        assertEquals("user-7", UserRequestParser.parseReplace("user-7", json("{'id':'user-7'}")).id());
        assertEquals(Set.of("id"), badFields(() -> UserRequestParser.parseReplace("user-7", json("{'id':'user-8'}"))));
        assertEquals(Set.of("id", "email"), badFields(() -> UserRequestParser.parseReplace("a b", json("{'email':'x'}"))));
        assertTrue(UserRequestParser.parseReplace("u", json("{'devices':[]}")).hasDevices());
    }

    @Test
    void aPatchChangesOnlyTheFieldsItNames() {
        UserPatch p = UserRequestParser.parsePatch("u", json("{'name':'Ann','email':null,'unknown':1}"));
        assertEquals(UserPatch.Value.of("Ann"), p.name());
        assertEquals(UserPatch.Value.of(null), p.email(), "null clears");
        assertNull(p.language(), "absent: unchanged");
        assertNull(p.timezone());
        assertNull(p.emailEnabled());
        assertNull(p.pushEnabled());
        assertEquals(List.of("name", "email"), p.fieldNames());

        p = UserRequestParser.parsePatch("u", json("{'preferences':{'push':false}}"));
        assertNull(p.emailEnabled());
        assertEquals(Boolean.FALSE, p.pushEnabled());
        p = UserRequestParser.parsePatch("u", json("{'preferences':{'email':null}}"));
        assertEquals(Boolean.TRUE, p.emailEnabled(), "null puts a preference back to its default");
        p = UserRequestParser.parsePatch("u", json("{'preferences':null}"));
        assertEquals(Boolean.TRUE, p.emailEnabled());
        assertEquals(Boolean.TRUE, p.pushEnabled());
        assertEquals(List.of(), UserRequestParser.parsePatch("u", json("{}")).fieldNames());
        assertEquals(List.of(), UserRequestParser.parsePatch("u", json("{'id':'u'}")).fieldNames());
    }

    @Test
    void aPatchIsValidatedLikeACreate() {
        assertEquals(Set.of("id", "email", "timezone", "preferences", "devices"), badFields(() -> UserRequestParser.parsePatch("u",
                json("{'id':'v','email':'@','timezone':'Nowhere','preferences':{'sms':false},'devices':[]}"))));
        assertEquals(Set.of("preferences"), badFields(() -> UserRequestParser.parsePatch("u", json("{'preferences':[]}"))));
        assertEquals(Set.of("language"), badFields(() -> UserRequestParser.parsePatch("u", json("{'language':7}"))));
    }

    @Test
    void aDeviceRegistrationTakesItsTokenFromThePath() {
        assertEquals(new DeviceRegistration("fcm:abc-DEF_123", Platform.WEB),
                UserRequestParser.parseDevice("fcm:abc-DEF_123", json("{'platform':'web'}")));
        assertEquals(Set.of("platform"), badFields(() -> UserRequestParser.parseDevice("t", json("{}"))));
        assertEquals(Set.of("platform"), badFields(() -> UserRequestParser.parseDevice("t", json("{'platform':'Web'}"))));
        assertEquals(Set.of("token", "platform"), badFields(() -> UserRequestParser.parseDevice("..", json("{'platform':1}"))));
        assertEquals(Set.of("token"), badFields(() -> UserRequestParser.parseDevice("t".repeat(4097), json("{'platform':'ios'}"))));
    }

    @Test
    void errorsAndToStringNeverQuoteThePersonalData() {
        String secret = "secret-4711";
        List<FieldError> errors = errors(() -> UserRequestParser.parseCreate(json("{'id':'" + secret + " x','name':'" + secret
                + "\\n','email':'" + secret + "@@example.com','timezone':'" + secret + "','devices':[{'token':'" + secret
                + " y','platform':'" + secret + "'}]}")));
        assertEquals(6, errors.size(), errors.toString());
        assertFalse(errors.toString().contains(secret), errors.toString());

        UserDraft d = UserRequestParser.parseCreate(json("{'id':'" + secret + "','name':'" + secret + "','email':'" + secret
                + "@example.com','devices':[{'token':'" + secret + "','platform':'ios'}]}"));
        assertFalse(d.toString().contains(secret), d.toString());
        assertFalse(d.devices().toString().contains(secret), d.devices().toString());
        UserPatch p = UserRequestParser.parsePatch("u", json("{'name':'" + secret + "','email':null}"));
        assertFalse(p.toString().contains(secret), p.toString());
    }
}
