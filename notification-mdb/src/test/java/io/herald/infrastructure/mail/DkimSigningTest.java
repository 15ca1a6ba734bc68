package io.herald.infrastructure.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.application.OutgoingEmail;
import io.herald.application.RenderedEmail;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages as {@link MailGateway} builds them, signed by {@link DkimSigning} and checked by an
 * independent verifier (Apache James jDKIM) with the public key supplied in memory, as a DNS TXT
 * record would supply it.
 */
class DkimSigningTest {

    private static final String DOMAIN = "mail.herald.test";
    private static final String SELECTOR = "s2026";
    private static final String LINK = "https://herald.example.com/unsubscribe/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOpQrStUvWxYz";
    private static KeyPair keys;
    private static KeyPair otherKeys;

    @TempDir
    Path dir;

    private final Session session = session();

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    private static Session session() {
        Properties p = new Properties();
        p.setProperty("mail.from", "Herald <noreply@mail.herald.test>");
        return Session.getInstance(p);
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private Path keyFile(KeyPair pair) throws Exception {
        return Files.writeString(dir.resolve("dkim.pem"), pem(pair));
    }

    private static OutgoingEmail email(String link) {
        return new OutgoingEmail(4711, "req-1", "corr-1", "Jane.Doe@example.com",
                new RenderedEmail("Grüße aus Herald — Newsletter", "<p>Hallo Jane, schöne Grüße!</p>\n<p>Zeile 2  </p>",
                        "Hallo Jane, schöne Grüße!\nZeile 2  \n"), 1, 3, 4, link);
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** The DNS TXT record of a public key: {@code v=DKIM1; k=rsa; p=<base64 SubjectPublicKeyInfo>}. */
    static String txtRecord(PublicKey key) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Verifies with jDKIM, answering the selector's DNS lookup with the record given. */
    private static List<SignatureRecord> verify(byte[] message, PublicKey published) throws Exception {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            assertEquals("dns/txt", method.toString());
            assertEquals(SELECTOR, selector.toString());
            assertEquals(DOMAIN, domain.toString());
            return List.of(txtRecord(published));
        });
        List<SignatureRecord> records = verifier.verify(new ByteArrayInputStream(message));
        assertNotNull(records, "the message has a DKIM-Signature");
        return records;
    }

    private static List<String> signedHeaders(SignatureRecord record) {
        return record.getHeaders().stream().map(h -> h.toString().toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void aSignedMessageVerifiesAndCoversTheUnsubscribeHeaders() throws Exception {
        DkimSigning dkim = new DkimSigning(DOMAIN, SELECTOR, keyFile(keys).toString());
        MimeMessage message = MailGateway.toMime(session, dkim, email(LINK));
        byte[] raw = bytes(message);
        List<SignatureRecord> records = verify(raw, keys.getPublic());
        assertEquals(1, records.size());
        SignatureRecord record = records.get(0);
        assertEquals(DOMAIN, record.getDToken().toString());
        assertEquals(SELECTOR, record.getSelector().toString());
        assertEquals("sha-256", record.getHashAlgo().toString().toLowerCase(Locale.ROOT));
        List<String> signed = signedHeaders(record);
        for (String header : List.of("from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post")) {
            assertTrue(signed.contains(header), header + " in h= " + signed);
        }
        assertEquals("<" + LINK + ">", message.getHeader("List-Unsubscribe", null));
        assertEquals("List-Unsubscribe=One-Click", message.getHeader("List-Unsubscribe-Post", null));
        String messageId = message.getHeader("Message-ID", null);
        assertTrue(messageId.matches("<4711\\.[0-9a-f]{16}@" + DOMAIN.replace(".", "\\.") + ">"), messageId);
        // the DKIM-Signature comes first, the rest as built
        assertTrue(new String(raw, StandardCharsets.US_ASCII).startsWith("DKIM-Signature: "));
        assertEquals("4711", message.getHeader("X-Notification-Id", null));
    }

    @Test
    void theSignatureSurvivesBeingWrittenAndReadAgain() throws Exception {
        // what SMTP does to it: written out by the client, parsed by the receiving server, written to the mailbox
        DkimSigning dkim = new DkimSigning(DOMAIN, SELECTOR, keyFile(keys).toString());
        byte[] raw = bytes(MailGateway.toMime(session, dkim, email(LINK)));
        MimeMessage received = new MimeMessage(session(), new ByteArrayInputStream(raw));
        verify(bytes(received), keys.getPublic());
    }

    @Test
    void mailWithoutALinkIsSignedWithoutTheUnsubscribeHeaders() throws Exception {
        DkimSigning dkim = new DkimSigning(DOMAIN, SELECTOR, keyFile(keys).toString());
        MimeMessage message = MailGateway.toMime(session, dkim, email(null));
        assertNull(message.getHeader("List-Unsubscribe"));
        assertNull(message.getHeader("List-Unsubscribe-Post"));
        List<String> signed = signedHeaders(verify(bytes(message), keys.getPublic()).get(0));
        assertFalse(signed.contains("list-unsubscribe"), signed.toString());
        assertTrue(signed.contains("from"), signed.toString());
    }

    @Test
    void aChangedBodyOrHeaderOrAnotherKeyFailsVerification() throws Exception {
        DkimSigning dkim = new DkimSigning(DOMAIN, SELECTOR, keyFile(keys).toString());
        String raw = new String(bytes(MailGateway.toMime(session, dkim, email(LINK))), StandardCharsets.US_ASCII);
        assertThrows(FailException.class, () -> verify(raw.getBytes(StandardCharsets.US_ASCII), otherKeys.getPublic()),
                "another key");
        String otherLink = raw.replace("/unsubscribe/AbCd", "/unsubscribe/XbCd");
        assertFalse(otherLink.equals(raw));
        assertThrows(FailException.class, () -> verify(otherLink.getBytes(StandardCharsets.US_ASCII), keys.getPublic()),
                "a changed List-Unsubscribe");
        int body = raw.indexOf("\r\n\r\n");
        String changedBody = raw.substring(0, body) + raw.substring(body).replaceFirst("Zeile", "Zeile!");
        assertFalse(changedBody.equals(raw));
        assertThrows(FailException.class, () -> verify(changedBody.getBytes(StandardCharsets.US_ASCII), keys.getPublic()),
                "a changed body");
    }

    @Test
    void withoutSettingsMailIsUnsignedAndUnchanged() throws Exception {
        DkimSigning dkim = new DkimSigning(null, " ", null);
        assertFalse(dkim.isConfigured());
        MimeMessage message = MailGateway.toMime(session, dkim, email(LINK));
        assertNull(message.getHeader("DKIM-Signature"));
        assertEquals("<" + LINK + ">", message.getHeader("List-Unsubscribe", null), "the unsubscribe headers do not need DKIM");
        assertFalse(message.getHeader("Message-ID", null).startsWith("<4711."), "Jakarta Mail's own Message-ID");
    }

    @Test
    void incompleteOrInvalidSettingsHoldTheMailAndSayWhy() throws Exception {
        String file = keyFile(keys).toString();
        assertProblem(new DkimSigning(DOMAIN, null, file), "only some are set");
        assertProblem(new DkimSigning(null, SELECTOR, file), "only some are set");
        assertProblem(new DkimSigning(DOMAIN, SELECTOR, null), "only some are set");
        assertProblem(new DkimSigning("localhost", SELECTOR, file), DkimSigning.DOMAIN);
        assertProblem(new DkimSigning(DOMAIN, "bad selector", file), DkimSigning.SELECTOR);
    }

    @Test
    void anUnreadableOrInvalidKeyHoldsTheMailWithoutQuotingIt() throws Exception {
        assertProblem(new DkimSigning(DOMAIN, SELECTOR, dir.resolve("missing.pem").toString()), "cannot be read");
        Path file = dir.resolve("dkim.pem");
        Files.writeString(file, "not a key");
        assertProblem(new DkimSigning(DOMAIN, SELECTOR, file.toString()), "not a PEM private key");
        Files.writeString(file, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        assertProblem(new DkimSigning(DOMAIN, SELECTOR, file.toString()), "PKCS#8");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
        assertProblem(new DkimSigning(DOMAIN, SELECTOR, file.toString()), "Base64");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertProblem(new DkimSigning(DOMAIN, SELECTOR, file.toString()), "not a PKCS#8 RSA private key");
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(512);
        Files.writeString(file, pem(small.generateKeyPair()));
        assertProblem(new DkimSigning(DOMAIN, SELECTOR, file.toString()), "at least 1024 bits");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        Files.writeString(file, pem(ec.generateKeyPair()));
        String problem = assertProblem(new DkimSigning(DOMAIN, SELECTOR, file.toString()), "RSA");
        assertFalse(problem.contains("MII"), "no key material in " + problem);
        Files.write(file, new byte[DkimSigning.MAX_FILE_BYTES + 1]);
        assertProblem(new DkimSigning(DOMAIN, SELECTOR, file.toString()), "larger than");
    }

    @Test
    void theKeyIsReadAgainWhenTheFileChanges() throws Exception {
        Path file = dir.resolve("dkim.pem");
        DkimSigning dkim = new DkimSigning(DOMAIN, SELECTOR, file.toString());
        assertProblem(dkim, "cannot be read");
        Files.writeString(file, pem(keys));
        verify(bytes(MailGateway.toMime(session, dkim, email(LINK))), keys.getPublic());
        Files.writeString(file, pem(otherKeys));
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        verify(bytes(MailGateway.toMime(session, dkim, email(LINK))), otherKeys.getPublic());
        Files.writeString(file, "broken");
        assertProblem(dkim, "not a PEM private key");
        Files.delete(file);
        assertProblem(dkim, "cannot be read");
    }

    /** Building the message fails with a DkimUnavailableException naming the problem; returns its message. */
    private String assertProblem(DkimSigning dkim, String expected) {
        DkimUnavailableException e = assertThrows(DkimUnavailableException.class, () -> MailGateway.toMime(session, dkim, email(LINK)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(Arrays.stream(e.getMessage().split(" ")).noneMatch(w -> w.startsWith(dir.toString())), "no path: " + e.getMessage());
        return e.getMessage();
    }
}
