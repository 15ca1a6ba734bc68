package io.herald.infrastructure.push;

import io.herald.infrastructure.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The HTTP exchange shared by the token endpoint and the send endpoint. */
final class FcmHttp {

    /** FCM's and Google's OAuth answers are a few hundred bytes; more is not read. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** One answer: status, headers and the (bounded) body text. */
    record Answer(int status, HttpHeaders headers, String body) {

        /** The body as a JSON object, if it is one. */
        Optional<JsonObject> json() {
            if (body == null || body.isBlank()) {
                return Optional.empty();
            }
            try (JsonReader reader = Jsons.JSON.createReader(new StringReader(body))) {
                JsonValue value = reader.readValue();
                return value.getValueType() == JsonValue.ValueType.OBJECT ? Optional.of(value.asJsonObject()) : Optional.empty();
            } catch (JsonException e) {
                return Optional.empty();
            }
        }
    }

    private FcmHttp() {
    }

    /** An HTTP client for FCM: the given connect timeout, no redirects, no proxy selection beyond the JVM's. */
    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Sends the request and reads at most {@link #MAX_ANSWER_BYTES} of the answer.
     *
     * @param step what is being done, for the exception message ("FCM send", "FCM token request")
     * @throws FcmUnavailableException no answer: refused, timed out, reset, interrupted
     */
    static Answer exchange(HttpClient http, HttpRequest request, String step) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES);
            }
            return new Answer(response.statusCode(), response.headers(), new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FcmUnavailableException(step + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FcmUnavailableException(step + " interrupted", e);
        }
    }

    /** The request version: HTTP/2 where TLS can negotiate it, plain HTTP/1.1 otherwise (no h2c upgrade dance). */
    static HttpClient.Version versionFor(java.net.URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    }
}
