package io.herald.infrastructure.http;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * POSTs callback bodies with the Jakarta REST client: short timeouts, no redirects followed,
 * one shared client. A slow receiver only ever holds a callback consumer, never email delivery.
 */
@ApplicationScoped
public class WebhookClient {

    private final Client client = ClientBuilder.newBuilder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .property("jersey.config.client.followRedirects", false)
            .build();

    /**
     * @return the receiver's HTTP status
     * @throws ProcessingException when no answer came (refused, timed out)
     */
    public int post(String url, Map<String, String> headers, String body) {
        var request = client.target(url).request();
        headers.forEach(request::header);
        try (Response response = request.post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
            return response.getStatus();
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
