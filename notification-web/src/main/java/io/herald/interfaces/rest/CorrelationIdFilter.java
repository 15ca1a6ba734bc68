package io.herald.interfaces.rest;

import io.herald.infrastructure.logging.LogContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Makes sure every request has an {@code X-Correlation-ID} (a well-formed one from the caller,
 * else a generated one) and echoes it on the response, so a caller can find its request in
 * our logs, JMS properties and callbacks. Opens the request's {@link LogContext}, so every log
 * line written while serving it carries the correlation id (and, once known, the notification id).
 */
@Provider
@PreMatching
public class CorrelationIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "X-Correlation-ID";
    private static final String LOG_CONTEXT = LogContext.class.getName();
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    @Override
    public void filter(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        if (given == null || !VALID.matcher(given).matches()) {
            given = UUID.randomUUID().toString();
            request.getHeaders().putSingle(HEADER, given);
        }
        request.setProperty(LOG_CONTEXT, LogContext.open(given, null));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String id = request.getHeaderString(HEADER);
        // a resource may have set the effective id (e.g. metadata.correlation_id from the body)
        if (id != null && !response.getHeaders().containsKey(HEADER)) {
            response.getHeaders().putSingle(HEADER, id);
        }
        if (request.getProperty(LOG_CONTEXT) instanceof LogContext context) {
            context.close();
        }
    }
}
