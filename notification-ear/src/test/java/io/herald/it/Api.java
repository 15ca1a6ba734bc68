package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the service's API, as a caller would use it. */
final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Api() {
    }

    static HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ItEnvironment.BASE_URL + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    static HttpResponse<String> postBytes(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ItEnvironment.BASE_URL + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(ItEnvironment.BASE_URL + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    static HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(ItEnvironment.BASE_URL + path)).timeout(Duration.ofSeconds(30)).DELETE().build());
    }

    /** Issues an API key with these scopes (as the test domain's admin); the key. */
    static String issueKey(String... scopes) {
        HttpResponse<String> r = post("/api/v1/admin/api-keys",
                "{\"name\":\"it-" + java.util.UUID.randomUUID() + "\",\"scopes\":[\"" + String.join("\",\"", scopes) + "\"]}");
        if (r.statusCode() != 201) {
            throw new AssertionError("key not issued: " + r.statusCode() + " " + r.body());
        }
        return json(r).getString("key");
    }

    static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /** Status of a notification, or null while it does not exist. */
    static JsonObject status(String requestId) {
        HttpResponse<String> r = get("/api/v1/notifications/" + requestId);
        return r.statusCode() == 200 ? json(r) : null;
    }

    static void createTemplate(String code, String subject, String html, String text) {
        String body = Json.createObjectBuilder().add("code", code).add("language", "en")
                .add("subject", subject).add("body_html", html).add("body_text", text).build().toString();
        HttpResponse<String> r = post("/api/v1/templates", body);
        if (r.statusCode() != 201) {
            throw new AssertionError("template not created: " + r.statusCode() + " " + r.body());
        }
    }

    static String emailRequest(String requestId, String to, String template, String variablesJson) {
        return "{\"notification_type\":\"email\",\"request_id\":\"" + requestId + "\",\"to\":\"" + to
                + "\",\"template_code\":\"" + template + "\",\"variables\":" + variablesJson + "}";
    }

    /** A request with exactly the given headers: no key unless one is among them. */
    static HttpResponse<String> withHeaders(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ItEnvironment.BASE_URL + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return execute(b.build());
    }

    /**
     * A request to any server (an instance or the balancer of the test cluster), as the admin unless
     * the headers name a key; a connection failure is an {@link UncheckedIOException}.
     */
    static HttpResponse<String> at(String baseUrl, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /** Sends as the test domain's admin unless the request names its own key. */
    private static HttpResponse<String> send(HttpRequest request) {
        if (request.headers().firstValue("Authorization").isPresent()) {
            return execute(request);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", "Bearer " + ItEnvironment.ADMIN_KEY);
        return execute(b.build());
    }

    private static HttpResponse<String> execute(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
