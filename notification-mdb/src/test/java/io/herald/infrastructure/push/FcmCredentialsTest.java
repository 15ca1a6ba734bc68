package io.herald.infrastructure.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.infrastructure.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FcmCredentialsTest {

    private static KeyPair keys;
    private static String pem;
    private static String base64Key;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKey() {
        keys = FakeFcm.rsaKeys();
        base64Key = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
        pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static JsonObjectBuilder account() {
        return Jsons.JSON.createObjectBuilder()
                .add("type", "service_account")
                .add("project_id", "herald-prod")
                .add("private_key_id", "0123456789abcdef")
                .add("private_key", pem)
                .add("client_email", "push@herald-prod.iam.gserviceaccount.com")
                .add("client_id", "42")
                .add("token_uri", "https://oauth2.googleapis.com/token");
    }

    private static JsonObjectBuilder without(String field) {
        JsonObject full = account().build();
        JsonObjectBuilder b = Jsons.JSON.createObjectBuilder(full);
        b.remove(field);
        return b;
    }

    private static String problem(String json) {
        InvalidFcmCredentialsException e = assertThrows(InvalidFcmCredentialsException.class, () -> FcmCredentials.parse(json));
        assertFalse(e.getMessage().contains(base64Key.substring(0, 40)), "no key material in: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsAGoogleServiceAccountFile() throws IOException {
        Path file = Files.writeString(dir.resolve("sa.json"), account().build().toString());
        assertTrue(Files.readString(file).contains("\\n"), "the PEM's line breaks are written as \\n escapes");

        FcmCredentials credentials = FcmCredentials.load(file);

        assertEquals("herald-prod", credentials.projectId());
        assertEquals("push@herald-prod.iam.gserviceaccount.com", credentials.clientEmail());
        assertEquals("0123456789abcdef", credentials.privateKeyId());
        assertEquals(URI.create("https://oauth2.googleapis.com/token"), credentials.tokenUri());
        assertArrayEquals(keys.getPrivate().getEncoded(), credentials.privateKey().getEncoded());
        assertEquals("FcmCredentials[project_id=herald-prod]", credentials.toString());
    }

    @Test
    void keyIdAndTokenUriAreOptional() {
        JsonObjectBuilder b = without("private_key_id");
        b.remove("token_uri");
        b.remove("type");

        FcmCredentials credentials = FcmCredentials.parse(b.build().toString());

        assertNull(credentials.privateKeyId());
        assertEquals(FcmCredentials.DEFAULT_TOKEN_URI, credentials.tokenUri());
    }

    @Test
    void keyWithDoublyEscapedLineBreaksIsAccepted() {
        String doubly = account().build().toString().replace("\\n", "\\\\n");
        assertArrayEquals(keys.getPrivate().getEncoded(), FcmCredentials.parse(doubly).privateKey().getEncoded());
    }

    @Test
    void missingFieldsAreNamed() {
        assertEquals("FCM service account: \"private_key\" is missing", problem(without("private_key").build().toString()));
        assertEquals("FCM service account: \"project_id\" is missing", problem(without("project_id").build().toString()));
        assertEquals("FCM service account: \"client_email\" is missing", problem(without("client_email").build().toString()));
    }

    @Test
    void malformedFieldsAreNamedWithoutTheirValue() {
        String garbage = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
        String message = problem(account().add("private_key", garbage).build().toString());
        assertTrue(message.startsWith("FCM service account: \"private_key\" is not a PKCS#8 RSA private key"), message);
        assertFalse(message.contains("MIIEvQ"), message);

        assertTrue(problem(account().add("private_key", "not a key").build().toString())
                .startsWith("FCM service account: \"private_key\" is not a PEM private key"));
        assertTrue(problem(account().add("private_key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----").build().toString())
                .contains("PKCS#8"));
        assertTrue(problem(account().add("private_key", "-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----").build().toString())
                .contains("not valid Base64"));
        assertEquals("FCM service account: \"project_id\" must be a string", problem(account().add("project_id", 7).build().toString()));
        assertEquals("FCM service account: \"project_id\" is empty", problem(account().add("project_id", " ").build().toString()));
        assertEquals("FCM service account: \"project_id\" is not a Google Cloud project id",
                problem(account().add("project_id", "../../evil").build().toString()));
        assertEquals("FCM service account: \"client_email\" is not an email address",
                problem(account().add("client_email", "nobody").build().toString()));
        assertTrue(problem(account().add("token_uri", "file:///etc/passwd").build().toString()).startsWith("FCM service account: \"token_uri\""));
        assertTrue(problem(account().add("type", "authorized_user").build().toString()).startsWith("FCM service account: \"type\""));
    }

    @Test
    void notJsonIsReportedWithoutQuotingTheText() {
        String message = problem("{\"private_key\": \"" + base64Key.substring(0, 60) + "\" oops}");
        assertTrue(message.startsWith("FCM service account: the file is not valid JSON (line 1, column"), message);
        assertEquals("FCM service account: the file is not a JSON object", problem("[1, 2]"));
        assertEquals("FCM service account: the file is empty", problem("  "));
    }

    @Test
    void unreadableFileIsReported() {
        InvalidFcmCredentialsException e = assertThrows(InvalidFcmCredentialsException.class,
                () -> FcmCredentials.load(dir.resolve("absent.json")));
        assertEquals("FCM service-account file cannot be read (NoSuchFileException)", e.getMessage());
    }
}
