package io.herald.interfaces.rest;

import io.herald.infrastructure.logging.Log;
import io.herald.application.TemplateChannelConflictException;
import io.herald.application.TemplateRenderingException;
import io.herald.application.TemplateStoreUnavailableException;
import io.herald.application.UnacceptableNotificationException;
import io.herald.application.TooManyDevicesException;
import io.herald.application.UnknownTemplateException;
import io.herald.application.UserAlreadyExistsException;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.regex.Pattern;

/**
 * Turns every exception that leaves a resource into {@code application/problem+json}: 4xx for
 * the caller's mistakes, 503 when a dependency failed (nothing was stored; safe to retry), 500
 * only for our bugs, and never a stack trace in a response.
 */
public final class ProblemMappers {

    private static final Log LOG = Log.of(ProblemMappers.class);
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'@,;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+");

    private ProblemMappers() {
    }

    /** Class names and address-redacted messages of a cause chain, safe for a log line. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (out.length() > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            if (t.getMessage() != null) {
                String message = t.getMessage();
                int nl = message.indexOf('\n');
                message = nl < 0 ? message : message.substring(0, nl);
                // SQL errors quote failing rows, which may hold addresses or variables
                message = message.replaceAll("(?i)(Failing row contains|Detail:).*", "$1 <withheld>");
                out.append(": ").append(ADDRESS.matcher(message).replaceAll("<redacted>"));
            }
        }
        return out.toString();
    }

    /** 400 naming each bad field. */
    @Provider
    public static class InvalidRequest implements ExceptionMapper<InvalidNotificationRequestException> {
        @Override
        public Response toResponse(InvalidNotificationRequestException e) {
            Problem problem = Problem.invalid(e.errors());
            if (!e.rejected().isEmpty()) {
                // a batch none of whose recipients is valid: say what is wrong with each
                try (var reader = io.herald.infrastructure.json.Jsons.JSON.createReader(
                        new java.io.StringReader(io.herald.application.BatchService.toJson(e.rejected())))) {
                    problem = problem.with("rejected", reader.readArray());
                }
            }
            return problem.toResponse();
        }
    }

    /** 400/413: the body is not a readable JSON object. */
    @Provider
    public static class UnreadableBody implements ExceptionMapper<UnreadableBodyException> {
        @Override
        public Response toResponse(UnreadableBodyException e) {
            return e.status() == 413
                    ? Problem.of(413, "body-too-large", "The body is too large", e.getMessage()).toResponse()
                    : Problem.of(400, "invalid-json", "The body is not valid JSON", e.getMessage()).toResponse();
        }
    }

    /** 422: the request is well-formed but names a template that does not exist. */
    @Provider
    public static class UnknownTemplate implements ExceptionMapper<UnknownTemplateException> {
        @Override
        public Response toResponse(UnknownTemplateException e) {
            return Problem.of(422, "unknown-template", "The template does not exist", e.getMessage())
                    .with("template_code", e.code()).with("language", e.language()).toResponse();
        }
    }

    /** 422: push not configured, an unknown user, a template of another channel. */
    @Provider
    public static class Unacceptable implements ExceptionMapper<UnacceptableNotificationException> {
        @Override
        public Response toResponse(UnacceptableNotificationException e) {
            return Problem.of(422, e.type(), e.title(), e.getMessage()).toResponse();
        }
    }

    /** 422: a template that does not compile. */
    @Provider
    public static class BrokenTemplate implements ExceptionMapper<TemplateRenderingException> {
        @Override
        public Response toResponse(TemplateRenderingException e) {
            return Problem.of(422, "invalid-template", "The template is not valid", e.getMessage()).toResponse();
        }
    }

    /** 409: a new version would change the channel of a template. */
    @Provider
    public static class TemplateChannelConflict implements ExceptionMapper<TemplateChannelConflictException> {
        @Override
        public Response toResponse(TemplateChannelConflictException e) {
            return Problem.of(409, "template-channel-conflict", "The template has another channel", e.getMessage())
                    .toResponse();
        }
    }

    /** 503: templates cannot be read and none was known before; nothing was stored. */
    @Provider
    public static class TemplateStoreUnavailable implements ExceptionMapper<TemplateStoreUnavailableException> {
        @Override
        public Response toResponse(TemplateStoreUnavailableException e) {
            LOG.warning(() -> "templates cannot be read: " + describe(e));
            return Problem.of(503, "temporarily-unavailable", "The request could not be processed now",
                            "templates cannot be read now; nothing was stored, it is safe to retry the same request")
                    .toResponseBuilder().header("Retry-After", "5").build();
        }
    }

    /** 409: a create names a user id the owner already has. Neither the id nor the owner is echoed. */
    @Provider
    public static class UserExists implements ExceptionMapper<UserAlreadyExistsException> {
        @Override
        public Response toResponse(UserAlreadyExistsException e) {
            return Problem.of(409, "user-exists", "The user already exists",
                    "you already have a user with this id; change it with PUT or PATCH").toResponse();
        }
    }

    /** 422: one more device than a user may have. */
    @Provider
    public static class TooManyDevices implements ExceptionMapper<TooManyDevicesException> {
        @Override
        public Response toResponse(TooManyDevicesException e) {
            return Problem.of(422, "too-many-devices", "The user has too many devices",
                    "a user has at most " + e.max() + " devices; remove one first").toResponse();
        }
    }

    /** JAX-RS's own errors (404, 405, 415, ...) and the problems resources throw. */
    @Provider
    public static class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            if (r.hasEntity() && r.getMediaType() != null && r.getMediaType().toString().startsWith(Problem.MEDIA_TYPE)) {
                return r;
            }
            Response.StatusType status = r.getStatusInfo();
            Response.ResponseBuilder builder = Problem.of(status.getStatusCode(), "http-" + status.getStatusCode(),
                    status.getReasonPhrase(), null).toResponseBuilder();
            r.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> builder.header(name, v));
                }
            });
            return builder.build();
        }
    }

    /** A dependency (database, broker) failed inside a transaction: nothing was stored. */
    @Provider
    public static class ServiceFailure implements ExceptionMapper<EJBException> {
        @Override
        public Response toResponse(EJBException e) {
            LOG.warning(() -> "request failed in the service layer: " + describe(e));
            return Problem.of(503, "temporarily-unavailable", "The request could not be processed now",
                            "nothing was stored; it is safe to retry the same request")
                    .toResponseBuilder().header("Retry-After", "5").build();
        }
    }

    /** Last resort: our bug. Logged without PII; the caller learns nothing internal. */
    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.log(Level.SEVERE, () -> "unexpected failure: " + describe(e));
            return Problem.of(500, "internal-error", "Internal error", "the error was logged").toResponse();
        }
    }
}
