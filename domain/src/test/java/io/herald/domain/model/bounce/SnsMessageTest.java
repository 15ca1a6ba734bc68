package io.herald.domain.model.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SnsMessageTest {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static KeyPair sns;
    private static KeyPair other;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        sns = g.generateKeyPair();
        other = g.generateKeyPair();
    }

    static JsonObjectBuilder notification() {
        return JSON.createObjectBuilder()
                .add("Type", "Notification")
                .add("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
                .add("TopicArn", "arn:aws:sns:us-west-2:123456789012:MyTopic")
                .add("Subject", "My First Message")
                .add("Message", "Hello world!")
                .add("Timestamp", "2012-05-02T00:54:06.655Z")
                .add("SignatureVersion", "1")
                .add("Signature", "AAAA")
                .add("SigningCertURL", "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem")
                .add("UnsubscribeURL", "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe");
    }

    static JsonObjectBuilder confirmation() {
        return JSON.createObjectBuilder()
                .add("Type", "SubscriptionConfirmation")
                .add("MessageId", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b")
                .add("Token", "2336412f37")
                .add("TopicArn", "arn:aws:sns:us-west-2:123456789012:MyTopic")
                .add("Message", "You have chosen to subscribe to the topic.")
                .add("SubscribeURL", "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=2336412f37")
                .add("Timestamp", "2012-04-26T20:45:04.751Z")
                .add("SignatureVersion", "2")
                .add("Signature", "AAAA")
                .add("SigningCertURL", "https://sns.us-west-2.amazonaws.com/cert.pem");
    }

    /** Signs a message as SNS does, with the algorithm its SignatureVersion names. */
    static JsonObject signed(JsonObjectBuilder builder, KeyPair key) throws Exception {
        JsonObject json = builder.build(); // build() empties the builder
        SnsMessage unsigned = SnsMessage.parse(json);
        Signature s = Signature.getInstance(unsigned.signatureAlgorithm());
        s.initSign(key.getPrivate());
        s.update(unsigned.canonicalString().getBytes(StandardCharsets.UTF_8));
        return JSON.createObjectBuilder(json).add("Signature", Base64.getEncoder().encodeToString(s.sign())).build();
    }

    @Test
    void aNotificationSignsMessageIdSubjectTimestampTopicAndTypeInThatOrder() {
        assertEquals("Message\nHello world!\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\nSubject\nMy First Message\n"
                        + "Timestamp\n2012-05-02T00:54:06.655Z\nTopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\nType\nNotification\n",
                SnsMessage.parse(notification().build()).canonicalString());
    }

    @Test
    void aNotificationWithoutSubjectLeavesItOut() {
        String canonical = SnsMessage.parse(notification().remove("Subject").build()).canonicalString();
        assertFalse(canonical.contains("Subject"), canonical);
        assertTrue(canonical.startsWith("Message\nHello world!\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\nTimestamp\n"), canonical);
    }

    @Test
    void aConfirmationSignsSubscribeUrlAndToken() {
        assertEquals("Message\nYou have chosen to subscribe to the topic.\nMessageId\n165545c9-2a5c-472c-8df2-7ff2be2b3b1b\n"
                        + "SubscribeURL\nhttps://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=2336412f37\n"
                        + "Timestamp\n2012-04-26T20:45:04.751Z\nToken\n2336412f37\nTopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n"
                        + "Type\nSubscriptionConfirmation\n",
                SnsMessage.parse(confirmation().build()).canonicalString());
    }

    @Test
    void versionOneIsSha1AndVersionTwoSha256() {
        assertEquals("SHA1withRSA", SnsMessage.parse(notification().build()).signatureAlgorithm());
        assertEquals("SHA256withRSA", SnsMessage.parse(confirmation().build()).signatureAlgorithm());
    }

    @Test
    void aSignatureBySnsKeyVerifiesInBothVersions() throws Exception {
        assertTrue(SnsMessage.parse(signed(notification(), sns)).isSignedBy(sns.getPublic()));
        assertTrue(SnsMessage.parse(signed(notification().add("SignatureVersion", "2"), sns)).isSignedBy(sns.getPublic()));
        assertTrue(SnsMessage.parse(signed(confirmation(), sns)).isSignedBy(sns.getPublic()));
    }

    @Test
    void anotherKeysSignatureOrAChangedFieldDoesNotVerify() throws Exception {
        assertFalse(SnsMessage.parse(signed(notification(), other)).isSignedBy(sns.getPublic()));
        JsonObject good = signed(notification(), sns);
        for (String field : new String[] {"Message", "MessageId", "Subject", "Timestamp", "TopicArn"}) {
            JsonObject changed = JSON.createObjectBuilder(good).add(field, good.getString(field) + "x").build();
            assertFalse(SnsMessage.parse(changed).isSignedBy(sns.getPublic()), field);
        }
        JsonObject confirmation = signed(confirmation(), sns);
        for (String field : new String[] {"SubscribeURL", "Token"}) {
            JsonObject changed = JSON.createObjectBuilder(confirmation).add(field, confirmation.getString(field) + "x").build();
            assertFalse(SnsMessage.parse(changed).isSignedBy(sns.getPublic()), field);
        }
        // a version-1 signature presented as version 2 (or the other way round) is not valid
        JsonObject downgraded = JSON.createObjectBuilder(good).add("SignatureVersion", "2").build();
        assertFalse(SnsMessage.parse(downgraded).isSignedBy(sns.getPublic()));
        // dropping the subject changes what was signed
        assertFalse(SnsMessage.parse(JSON.createObjectBuilder(good).remove("Subject").build()).isSignedBy(sns.getPublic()));
    }

    @Test
    void garbageSignatureBytesAreNotASignature() {
        assertFalse(SnsMessage.parse(notification().add("Signature", "AAAA").build()).isSignedBy(sns.getPublic()));
    }

    @Test
    void malformedMessagesNameTheField() {
        assertEquals("Signature is required and must be a string",
                assertThrows(InvalidSnsMessageException.class, () -> SnsMessage.parse(notification().remove("Signature").build())).getMessage());
        assertEquals("Token is required and must be a string",
                assertThrows(InvalidSnsMessageException.class, () -> SnsMessage.parse(confirmation().remove("Token").build())).getMessage());
        assertEquals("SignatureVersion must be 1 or 2",
                assertThrows(InvalidSnsMessageException.class, () -> SnsMessage.parse(notification().add("SignatureVersion", "3").build())).getMessage());
        assertEquals("Signature must be base64",
                assertThrows(InvalidSnsMessageException.class, () -> SnsMessage.parse(notification().add("Signature", "!!").build())).getMessage());
        assertEquals("Message must be a string",
                assertThrows(InvalidSnsMessageException.class, () -> SnsMessage.parse(notification().add("Message", 3).build())).getMessage());
        assertThrows(InvalidSnsMessageException.class, () -> SnsMessage.parse(notification().add("Type", "Other").build()));
    }
}
