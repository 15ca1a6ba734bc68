package io.herald.infrastructure.push;

import io.herald.infrastructure.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A Google service account, as in the JSON key file the Google Cloud console hands out:
 * {@code project_id}, {@code client_email}, {@code private_key} (PKCS#8 PEM, its line breaks
 * written as {@code \n}), optional {@code private_key_id} (the key's id, sent as the JWT
 * {@code kid}) and {@code token_uri} (Google's OAuth2 token endpoint when absent). Other fields
 * ({@code client_id}, {@code auth_uri}, ...) are ignored.
 *
 * <p>Problems are reported as {@link InvalidFcmCredentialsException}s that name the field and
 * never quote a value; {@link #toString()} shows the project only.
 */
public final class FcmCredentials {

    /** Where service-account assertions are exchanged for access tokens unless the file says otherwise. */
    public static final URI DEFAULT_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");
    /** Service-account files are about 2.3 kB; anything much larger is not one. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    /** Project ids: letters, digits, hyphens; older ones may be domain-scoped ({@code example.com:my-app}). */
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]{0,127}");
    private static final Pattern PEM_ARMOUR = Pattern.compile("-----(BEGIN|END) PRIVATE KEY-----");

    private final String projectId;
    private final String clientEmail;
    private final PrivateKey privateKey;
    private final String privateKeyId;
    private final URI tokenUri;

    private FcmCredentials(String projectId, String clientEmail, PrivateKey privateKey, String privateKeyId, URI tokenUri) {
        this.projectId = projectId;
        this.clientEmail = clientEmail;
        this.privateKey = privateKey;
        this.privateKeyId = privateKeyId;
        this.tokenUri = tokenUri;
    }

    /** Reads and parses a service-account file. */
    public static FcmCredentials load(Path file) {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidFcmCredentialsException(
                    "FCM service-account file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (content.length > MAX_FILE_BYTES) {
            throw new InvalidFcmCredentialsException(
                    "FCM service-account file is larger than " + MAX_FILE_BYTES + " bytes: not a service-account key");
        }
        return parse(new String(content, StandardCharsets.UTF_8));
    }

    /** Parses the text of a service-account file. */
    public static FcmCredentials parse(String json) {
        JsonObject account = object(json);
        JsonValue type = account.get("type");
        if (type != null && type.getValueType() != JsonValue.ValueType.NULL) {
            String kind = string(account, "type", true);
            if (!"service_account".equals(kind)) {
                throw invalid("\"type\" must be \"service_account\" (user or external-account credentials cannot sign for FCM)");
            }
        }
        String projectId = string(account, "project_id", true);
        if (!PROJECT_ID.matcher(projectId).matches()) {
            throw invalid("\"project_id\" is not a Google Cloud project id");
        }
        String clientEmail = string(account, "client_email", true);
        int at = clientEmail.indexOf('@');
        if (at <= 0 || at == clientEmail.length() - 1 || clientEmail.chars().anyMatch(c -> c <= ' ')) {
            throw invalid("\"client_email\" is not an email address");
        }
        PrivateKey key = privateKey(string(account, "private_key", true));
        String keyId = string(account, "private_key_id", false);
        String tokenUriText = string(account, "token_uri", false);
        URI tokenUri = tokenUriText == null ? DEFAULT_TOKEN_URI : tokenUri(tokenUriText);
        return new FcmCredentials(projectId, clientEmail, key, keyId, tokenUri);
    }

    private static JsonObject object(String json) {
        if (json == null || json.isBlank()) {
            throw invalid("is empty");
        }
        try (JsonReader reader = Jsons.JSON.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid("is not a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonParsingException e) {
            // the parser's message may quote the text around the error: only its position is kept
            var where = e.getLocation();
            throw invalid("is not valid JSON"
                    + (where == null ? "" : " (line " + where.getLineNumber() + ", column " + where.getColumnNumber() + ")"));
        } catch (JsonException e) {
            throw invalid("is not valid JSON");
        }
    }

    /** The field's text; null when absent (or JSON null) and not required. */
    private static String string(JsonObject account, String field, boolean required) {
        JsonValue value = account.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                throw invalid("\"" + field + "\" is missing");
            }
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw invalid("\"" + field + "\" must be a string");
        }
        String text = ((JsonString) value).getString().strip();
        if (text.isEmpty()) {
            if (required) {
                throw invalid("\"" + field + "\" is empty");
            }
            return null;
        }
        return text;
    }

    private static PrivateKey privateKey(String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw invalid("\"private_key\" must be an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----), "
                    + "as in the key files Google issues");
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----") || !pem.contains("-----END PRIVATE KEY-----")) {
            throw invalid("\"private_key\" is not a PEM private key (-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----)");
        }
        // the JSON escapes \n are line breaks by now; a doubly escaped file (e.g. pasted through
        // an environment variable) still has a backslash and an n, which are no Base64
        String base64 = PEM_ARMOUR.matcher(pem).replaceAll("").replace("\\n", "").replace("\\r", "")
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid("\"private_key\" is not valid Base64 inside its PEM armour");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(key instanceof RSAPrivateKey rsa) || rsa.getModulus().bitLength() < 2048) {
                throw invalid("\"private_key\" must be an RSA key of at least 2048 bits (RS256)");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw invalid("\"private_key\" is not a PKCS#8 RSA private key (" + e.getClass().getSimpleName() + ")");
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
        }
    }

    private static URI tokenUri(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null
                    || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                throw invalid("\"token_uri\" must be an absolute https (or http) URL without user information");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid("\"token_uri\" is not a URL");
        }
    }

    private static InvalidFcmCredentialsException invalid(String problem) {
        return new InvalidFcmCredentialsException("FCM service account: " + (problem.startsWith("\"") ? "" : "the file ") + problem);
    }

    public String projectId() {
        return projectId;
    }

    /** The service account's address: the assertion's issuer. */
    public String clientEmail() {
        return clientEmail;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The key's id for the JWT {@code kid} header, or null when the file has none. */
    public String privateKeyId() {
        return privateKeyId;
    }

    public URI tokenUri() {
        return tokenUri;
    }

    /** The project only: no key, no key id, no account address. */
    @Override
    public String toString() {
        return "FcmCredentials[project_id=" + projectId + "]";
    }
}
