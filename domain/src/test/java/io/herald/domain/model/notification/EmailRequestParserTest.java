package io.herald.domain.model.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmailRequestParserTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readObject();
        }
    }

    private static Set<String> badFields(String body) {
        var e = assertThrows(InvalidNotificationRequestException.class,
                () -> EmailRequestParser.parse(json(body), null, null));
        return e.errors().stream().map(FieldError::field).collect(Collectors.toSet());
    }

    @Test
    void parsesTheDesignExample() {
        EmailRequest r = EmailRequestParser.parse(json("""
                {'notification_type':'email','request_id':'req-20251113-001',
                 'user_id':'550e8400-e29b-41d4-a716-446655440000','to':'john@example.com',
                 'template_code':'welcome_email','language':'en',
                 'variables':{'name':'John Doe','link':'https://example.com/verify?token=xyz'},
                 'priority':5,'send_at':null,'metadata':{'correlation_id':'corr-12345','campaign_id':'camp-001'}}
                """), null, null);
        assertEquals("req-20251113-001", r.requestId());
        assertEquals("john@example.com", r.recipient());
        assertEquals("welcome_email", r.templateCode());
        assertEquals(5, r.priority());
        assertEquals(4, r.jmsPriority());
        assertEquals("corr-12345", r.correlationId());
        assertEquals("{\"link\":\"https://example.com/verify?token=xyz\",\"name\":\"John Doe\"}", r.variablesJson());
    }

    @Test
    void defaultsLanguageAndPriority() {
        EmailRequest r = EmailRequestParser.parse(json(
                "{'notification_type':'email','request_id':'r1','to':'a@b.io','template_code':'t'}"), null, null);
        assertEquals(null, r.language(), "left to the user's profile, if any");
        assertEquals("en", r.languageOrDefault());
        assertEquals(5, r.priority());
        assertEquals("{}", r.variablesJson());
    }

    @Test
    void namesEveryBadField() {
        assertEquals(Set.of("notification_type", "request_id", "to", "template_code", "priority", "send_at"),
                badFields("{'notification_type':'fax','request_id':'has space','to':'not-an-address',"
                        + "'template_code':'','priority':11,'send_at':'tomorrow'}"));
    }

    @Test
    void rejectsWrongTypes() {
        assertEquals(Set.of("notification_type", "request_id", "variables", "priority", "metadata"),
                badFields("{'notification_type':1,'request_id':true,'to':'a@b.io','template_code':'t',"
                        + "'variables':[1],'priority':'high','metadata':'x'}"));
    }

    @Test
    void requiresARecipient() {
        assertEquals(Set.of("to"), badFields("{'notification_type':'email','request_id':'r','template_code':'t'}"));
    }

    @Test
    void aUserIdAloneLeavesAddressAndLanguageToTheUsersProfile() {
        EmailRequest r = EmailRequestParser.parse(json(
                "{'notification_type':'email','request_id':'r','user_id':'u1','template_code':'t','variables':{'email':'x@y.org'}}"),
                null, null);
        assertEquals(null, r.recipient(), "variables are not an address book");
        assertTrue(r.resolvesUserAtDelivery());
        assertEquals(null, r.language());
        assertEquals("en", r.languageOrDefault());
    }

    @Test
    void pushNeedsAUserAndNoAddress() {
        EmailRequest r = EmailRequestParser.parse(json(
                "{'notification_type':'push','request_id':'r','user_id':'u1','template_code':'t','language':'de'}"), null, null);
        assertEquals(io.herald.domain.model.delivery.Channel.PUSH, r.channel());
        assertEquals("de", r.language());
        assertEquals(Set.of("user_id"), badFields("{'notification_type':'push','request_id':'r','template_code':'t'}"));
        assertEquals(Set.of("to"), badFields("{'notification_type':'push','request_id':'r','user_id':'u','to':'a@b.io','template_code':'t'}"));
        assertEquals(Set.of("notification_type"), badFields("{'notification_type':'callback','request_id':'r','to':'a@b.io','template_code':'t'}"));
    }

    @Test
    void aNullTypeIsAMissingType() {
        assertEquals(Set.of("notification_type"), badFields("{'notification_type':null,'request_id':'r','to':'a@b.io','template_code':'t'}"));
    }

    @Test
    void theSameRequestOnAnotherChannelIsADifferentRequest() {
        EmailRequest email = EmailRequestParser.parse(json(
                "{'notification_type':'email','request_id':'r','user_id':'u1','template_code':'t'}"), null, null);
        EmailRequest push = EmailRequestParser.parse(json(
                "{'notification_type':'push','request_id':'r','user_id':'u1','template_code':'t'}"), null, null);
        assertNotEquals(email.fingerprint(), push.fingerprint());
    }

    @Test
    void withAnAddressNoLanguageMeansEnglishAsBefore() {
        String without = EmailRequestParser.parse(json(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t'}"), null, null).fingerprint();
        String english = EmailRequestParser.parse(json(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','language':'en'}"), null, null).fingerprint();
        assertEquals(without, english);
    }

    @Test
    void rejectsFractionalAndHugePriorities() {
        assertEquals(Set.of("priority"), badFields(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','priority':2.5}"));
        assertEquals(Set.of("priority"), badFields(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','priority':1e400}"));
    }

    @Test
    void idempotencyKeyHeaderStandsInForRequestId() {
        EmailRequest r = EmailRequestParser.parse(json(
                "{'notification_type':'email','to':'a@b.io','template_code':'t'}"), "key-1", null);
        assertEquals("key-1", r.requestId());
        assertEquals(Set.of("request_id"), assertThrows(InvalidNotificationRequestException.class,
                () -> EmailRequestParser.parse(json("{'notification_type':'email','request_id':'a','to':'a@b.io','template_code':'t'}"),
                        "b", null)).errors().stream().map(FieldError::field).collect(Collectors.toSet()));
    }

    @Test
    void fingerprintIgnoresKeyOrderButNotContent() {
        String a = EmailRequestParser.parse(json("{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','variables':{'x':1,'y':2}}"), null, null).fingerprint();
        String b = EmailRequestParser.parse(json("{'variables':{'y':2,'x':1.0},'template_code':'t','to':'a@b.io','request_id':'r','notification_type':'email'}"), null, null).fingerprint();
        String c = EmailRequestParser.parse(json("{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','variables':{'x':1,'y':3}}"), null, null).fingerprint();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void correlationIdFallsBackToHeader() {
        EmailRequest r = EmailRequestParser.parse(json(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t'}"), null, "corr-h");
        assertEquals("corr-h", r.correlationId());
    }

    @Test
    void addressSyntax() {
        assertTrue(EmailAddresses.isValid("john.doe+tag@mail.example.com"));
        assertFalse(EmailAddresses.isValid("john@example.com\r\nBcc: x@y.z"));
        assertFalse(EmailAddresses.isValid("a@@b.com"));
        assertFalse(EmailAddresses.isValid(".a@b.com"));
        assertFalse(EmailAddresses.isValid("a@-b.com"));
        assertFalse(EmailAddresses.isValid("a".repeat(65) + "@b.com"));
        assertFalse(EmailAddresses.isValid("a@" + "b".repeat(250) + ".com"));
    }

    @Test
    void toStringHasNoPii() {
        EmailRequest r = EmailRequestParser.parse(json(
                "{'notification_type':'email','request_id':'r','to':'secret@b.io','template_code':'t','variables':{'n':'Zed'}}"), null, null);
        assertFalse(r.toString().contains("secret"));
        assertFalse(r.toString().contains("Zed"));
    }

    @Test
    void callbackUrlMustBeHttp() {
        assertEquals(Set.of("callback_url"), badFields(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','callback_url':'ftp://x/y'}"));
        assertEquals(Set.of("callback_url"), badFields(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','callback_url':'/relative'}"));
        EmailRequest r = EmailRequestParser.parse(json(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','callback_url':'https://hooks.example.com/n'}"),
                null, null);
        assertEquals("https://hooks.example.com/n", r.callbackUrl());
    }

    @Test
    void variablesAreBoundedInCountAndSize() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= EmailRequestParser.MAX_VARIABLES; i++) {
            many.append(i == 0 ? "" : ",").append("'v").append(i).append("':1");
        }
        many.append('}');
        assertEquals(Set.of("variables"), badFields(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','variables':" + many + "}"));
        assertEquals(Set.of("variables"), badFields(
                "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','variables':{'big':'"
                        + "x".repeat(EmailRequestParser.MAX_VARIABLES_JSON_LENGTH) + "'}}"));
    }

    @Test
    void sendAtIsBoundedByTheHorizonAndTheRepresentableRange() {
        java.time.Instant now = java.time.Instant.parse("2026-11-23T10:00:00Z");
        java.time.Duration horizon = java.time.Duration.ofDays(365);
        String base = "{'notification_type':'email','request_id':'r','to':'a@b.io','template_code':'t','send_at':'%s'}";
        for (String bad : new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "2027-11-23T10:00:01Z", "1969-12-31T23:59:59Z"}) {
            var e = assertThrows(InvalidNotificationRequestException.class,
                    () -> EmailRequestParser.parse(json(String.format(base, bad)), null, null, now, horizon), bad);
            assertEquals(Set.of("send_at"), e.errors().stream().map(FieldError::field).collect(Collectors.toSet()), bad);
        }
        // the edge of the horizon, and the past (sent at once), are accepted
        assertEquals(java.time.OffsetDateTime.parse("2027-11-23T10:00:00Z"),
                EmailRequestParser.parse(json(String.format(base, "2027-11-23T10:00:00Z")), null, null, now, horizon).sendAt());
        assertEquals(java.time.OffsetDateTime.parse("2020-01-01T00:00:00+02:00"),
                EmailRequestParser.parse(json(String.format(base, "2020-01-01T00:00:00+02:00")), null, null, now, horizon).sendAt());
        // a shorter configured horizon applies
        assertThrows(InvalidNotificationRequestException.class, () -> EmailRequestParser.parse(
                json(String.format(base, "2026-11-25T10:00:00Z")), null, null, now, java.time.Duration.ofDays(1)));
    }
}
