package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.Acceptance;
import io.herald.application.CallbackTargets;
import io.herald.application.NotificationService;
import io.herald.application.NotificationView;
import io.herald.domain.model.notification.EmailRequest;
import io.herald.domain.model.notification.EmailRequestParser;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code /api/v1/notifications}: accept a notification (202 once it is durable) and read its
 * status. Idempotent by {@code request_id} (or the {@code Idempotency-Key} header): a repeat
 * never sends twice.
 */
@Path("notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private static final Tag EMAIL = new Tag("channel", "email");

    @EJB
    private NotificationService notifications;

    @EJB
    private CallbackTargets callbackTargets;

    @Inject
    private MetricRegistry metrics;

    @Context
    private UriInfo uri;

    @RolesAllowed("send")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(InputStream body,
                         @HeaderParam("Idempotency-Key") String idempotencyKey,
                         @HeaderParam(CorrelationIdFilter.HEADER) String correlationId) {
        JsonObject json = JsonBodies.readObject(body);
        EmailRequest request = EmailRequestParser.parse(json, idempotencyKey, correlationId);
        refuseUnreachableCallback(request.callbackUrl());
        Acceptance acceptance;
        try {
            acceptance = notifications.accept(request);
        } catch (EJBException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // a concurrent request with the same request_id won the insert: answer as for a repeat
            acceptance = notifications.findExisting(request).orElseThrow(() -> e);
        }
        NotificationView view = acceptance.view();
        Response response = respond(acceptance, view);
        if (request.correlationId() != null) {
            response.getHeaders().putSingle(CorrelationIdFilter.HEADER, request.correlationId());
        }
        return response;
    }

    /**
     * A {@code callback_url} the network policy refuses from the URL alone (an internal address
     * literal, a port not allowed) is a 400 on the field, like any other bad field; a host name
     * is checked, address by address, when the callback is sent (ADR 0009).
     */
    private void refuseUnreachableCallback(String callbackUrl) {
        if (callbackUrl == null) {
            return;
        }
        callbackTargets.policy().refusalOf(callbackUrl).ifPresent(reason -> {
            throw new InvalidNotificationRequestException(List.of(new FieldError("callback_url", reason)));
        });
    }

    private Response respond(Acceptance acceptance, NotificationView view) {
        URI location = uri.getBaseUriBuilder().path("notifications").path(view.requestId()).build();
        return switch (acceptance.outcome()) {
            case ACCEPTED -> {
                metrics.counter("notifications.accepted", EMAIL).inc();
                yield Response.accepted(summary(view).build().toString()).location(location).build();
            }
            case DUPLICATE_PENDING -> Response.accepted(summary(view).add("duplicate", true).build().toString())
                    .location(location).build();
            case DUPLICATE_FINISHED -> Problem.of(409, "already-finished", "This request was already processed",
                            "request_id " + view.requestId() + " is already " + view.status() + "; nothing was sent again")
                    .with("request_id", view.requestId()).with("status", view.status().name())
                    .toResponseBuilder().location(location).build();
            case CONFLICT -> Problem.of(422, "request-id-conflict", "request_id was used for a different request",
                            "request_id " + view.requestId() + " already names a notification with a different body")
                    .with("request_id", view.requestId()).toResponseBuilder().location(location).build();
        };
    }

    @RolesAllowed({"read", "send"})
    @GET
    @Path("{requestId}")
    public Response status(@PathParam("requestId") String requestId) {
        Optional<NotificationView> view = notifications.find(requestId);
        if (view.isEmpty()) {
            return Problem.of(404, "not-found", "No such notification", "no notification has request_id " + requestId)
                    .toResponse();
        }
        return Response.ok(details(view.get()).build().toString()).build();
    }

    private static JsonObjectBuilder summary(NotificationView v) {
        return JSON.createObjectBuilder()
                .add("notification_id", v.notificationId())
                .add("request_id", v.requestId())
                .add("status", v.status().name());
    }

    private static JsonObjectBuilder details(NotificationView v) {
        JsonObjectBuilder b = summary(v)
                .add("channel", v.channel())
                .add("attempts", v.attempts())
                .add("priority", v.priority());
        addIfPresent(b, "user_id", v.userId());
        addIfPresent(b, "last_error", v.lastError());
        addIfPresent(b, "correlation_id", v.correlationId());
        JsonObjectBuilder template = JSON.createObjectBuilder()
                .add("code", v.templateCode()).add("language", v.templateLanguage());
        if (v.templateVersion() != null) {
            template.add("version", v.templateVersion());
        }
        b.add("template", template);
        addIfPresent(b, "send_at", v.sendAt());
        addIfPresent(b, "next_attempt_at", v.nextAttemptAt());
        addIfPresent(b, "created_at", v.createdAt());
        addIfPresent(b, "updated_at", v.updatedAt());
        addIfPresent(b, "delivered_at", v.deliveredAt());
        JsonArrayBuilder events = JSON.createArrayBuilder();
        for (NotificationView.Event e : v.events()) {
            JsonObjectBuilder event = JSON.createObjectBuilder().add("type", e.type());
            addIfPresent(event, "detail", e.detail());
            if (e.durationMs() != null) {
                event.add("duration_ms", e.durationMs());
            }
            addIfPresent(event, "at", e.at());
            events.add(event);
        }
        return b.add("events", events);
    }

    private static void addIfPresent(JsonObjectBuilder b, String name, Object value) {
        if (value instanceof OffsetDateTime t) {
            b.add(name, t.toInstant().toString());
        } else if (value != null) {
            b.add(name, value.toString());
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if ("23505".equals(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
