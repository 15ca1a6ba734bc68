package io.herald.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for Amazon SNS, for the integration tests: an HTTPS server on 127.0.0.1 (its
 * TLS certificate made by prepare-test-domain.sh and imported into the test domain's trust
 * store) that serves the signing certificate ({@code GET /SimpleNotificationService-it.pem}) and
 * takes subscription confirmations ({@code GET /confirm?...}, recorded). It signs messages as SNS
 * does: the canonical string of the message's fields, SHA1withRSA (version 1) or SHA256withRSA
 * (version 2), with the key whose certificate it serves. The canonical string is written out
 * here again, from the SNS documentation, rather than taken from the code under test.
 */
final class SnsServer implements AutoCloseable {

    static final String CERT_PATH = "/SimpleNotificationService-it.pem";
    private final HttpsServer server;
    private final byte[] certificate;
    private final PrivateKey signingKey;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private SnsServer() throws IOException, GeneralSecurityException {
        Path dir = Path.of(ItEnvironment.SNS_DIR);
        certificate = Files.readAllBytes(dir.resolve("signing-cert.pem"));
        signingKey = readKey(dir.resolve("signing-key.pem"));
        KeyStore tls = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir.resolve("tls.p12").toFile())) {
            tls.load(in, "herald-it".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(tls, "herald-it".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), ItEnvironment.SNS_PORT), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", this::handle);
        server.start();
    }

    static SnsServer start() {
        try {
            return new SnsServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String url(String pathAndQuery) {
        return "https://127.0.0.1:" + ItEnvironment.SNS_PORT + pathAndQuery;
    }

    /** Every request received, as {@code METHOD path?query}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            if (path.equals(CERT_PATH)) {
                body = certificate;
            } else if (path.equals("/confirm")) {
                body = "<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>arn:it</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = new byte[0];
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** An SES notification in an SNS {@code Notification}, signed with SNS's key (or {@code signer}, to forge). */
    JsonObject notification(String sesMessage, String version, PrivateKey signer) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("Type", "Notification")
                .add("MessageId", java.util.UUID.randomUUID().toString())
                .add("TopicArn", ItEnvironment.SES_TOPIC)
                .add("Message", sesMessage)
                .add("Timestamp", java.time.Instant.now().toString())
                .add("SignatureVersion", version)
                .add("SigningCertURL", url(CERT_PATH))
                .add("UnsubscribeURL", url("/unsubscribe"));
        return sign(b.build(), signer == null ? signingKey : signer);
    }

    /** A {@code SubscriptionConfirmation} for a topic, with a {@code SubscribeURL}, signed with SNS's key (version 2). */
    JsonObject confirmation(String topic, String subscribeUrl, String token) {
        JsonObject unsigned = Json.createObjectBuilder()
                .add("Type", "SubscriptionConfirmation")
                .add("MessageId", java.util.UUID.randomUUID().toString())
                .add("Token", token)
                .add("TopicArn", topic)
                .add("Message", "You have chosen to subscribe to the topic " + topic + ".")
                .add("SubscribeURL", subscribeUrl)
                .add("Timestamp", java.time.Instant.now().toString())
                .add("SignatureVersion", "2")
                .add("SigningCertURL", url(CERT_PATH))
                .build();
        return sign(unsigned, signingKey);
    }

    /** Re-signs a message after a change (for a message whose fields a test set itself). */
    JsonObject resign(JsonObject message) {
        return sign(message, signingKey);
    }

    private static JsonObject sign(JsonObject m, PrivateKey key) {
        StringBuilder canonical = new StringBuilder();
        List<String> fields = "Notification".equals(m.getString("Type"))
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        for (String f : fields) {
            if (m.containsKey(f)) {
                canonical.append(f).append('\n').append(m.getString(f)).append('\n');
            }
        }
        try {
            Signature s = Signature.getInstance("1".equals(m.getString("SignatureVersion")) ? "SHA1withRSA" : "SHA256withRSA");
            s.initSign(key);
            s.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return Json.createObjectBuilder(m).add("Signature", Base64.getEncoder().encodeToString(s.sign())).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
