package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.Acceptance;
import io.herald.application.CallbackTargets;
import io.herald.application.NotificationPage;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code /api/v1/notifications}: accept a notification (202 once it is durable) and read its
 * status. Idempotent by {@code request_id} (or the {@code Idempotency-Key} header): a repeat
 * never sends twice.
 *
 * <p>Each notification belongs to the caller that sent it: request ids are the caller's own
 * namespace, and another caller's notification is answered 404, exactly like one that does not
 * exist; the listing shows only the caller's own. Admins see every caller's notifications.
 */
@Path("notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    @EJB
    private NotificationService notifications;

    @EJB
    private CallbackTargets callbackTargets;

    @Inject
    private MetricRegistry metrics;

    @Context
    private UriInfo uri;

    @Context
    private SecurityContext security;

    /** {@code herald.send-at.horizon-days}: how far ahead {@code send_at} may be. */
    @Inject
    @ConfigProperty(name = "herald.send-at.horizon-days", defaultValue = "365")
    long sendAtHorizonDays;

    @RolesAllowed("send")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(InputStream body,
                         @HeaderParam("Idempotency-Key") String idempotencyKey,
                         @HeaderParam(CorrelationIdFilter.HEADER) String correlationId) {
        JsonObject json = JsonBodies.readObject(body);
        EmailRequest request = EmailRequestParser.parse(json, idempotencyKey, correlationId, Instant.now(),
                Duration.ofDays(Math.max(1, sendAtHorizonDays)));
        String owner = caller();
        refuseUnreachableCallback(request.callbackUrl());
        Acceptance acceptance;
        try {
            acceptance = notifications.accept(owner, request);
        } catch (EJBException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // a concurrent request of the same caller with the same request_id won the insert:
            // answer as for a repeat
            acceptance = notifications.findExisting(owner, request).orElseThrow(() -> e);
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
     * is checked, address by address, when the callback is sent (ADR 0011).
     */
    private void refuseUnreachableCallback(String callbackUrl) {
        refuseUnreachableCallback(callbackTargets, callbackUrl);
    }

    static void refuseUnreachableCallback(CallbackTargets callbackTargets, String callbackUrl) {
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
                metrics.counter("notifications.accepted", new Tag("channel", view.channel())).inc();
                yield Response.accepted(summary(view).build().toString()).location(location).build();
            }
            case DUPLICATE_PENDING -> Response.accepted(summary(view).add("duplicate", true).build().toString())
                    .location(location).build();
            case DUPLICATE_FINISHED -> Problem.of(409, "already-finished", "This request was already processed",
                            "request_id " + view.requestId() + " is already " + view.status() + "; nothing was sent again")
                    .with("request_id", view.requestId()).with("notification_status", view.status().name())
                    .toResponseBuilder().location(location).build();
            case CONFLICT -> Problem.of(422, "request-id-conflict", "request_id was used for a different request",
                            "request_id " + view.requestId() + " already names a notification with a different body")
                    .with("request_id", view.requestId()).toResponseBuilder().location(location).build();
        };
    }

    /**
     * The caller's notification with this request id. An admin sees any caller's: its own first,
     * else the one of {@code ?owner=}, else the only one with that request id (409 naming the
     * owners when several callers used it).
     */
    @RolesAllowed({"read", "send", "admin"})
    @GET
    @Path("{requestId}")
    public Response status(@PathParam("requestId") String requestId, @QueryParam("owner") String owner) {
        boolean admin = security.isUserInRole("admin");
        Optional<NotificationView> view = owner != null && admin
                ? notifications.find(owner, requestId)
                : notifications.find(caller(), requestId);
        if (view.isEmpty() && admin && owner == null) {
            List<NotificationView> all = notifications.findAnyOwner(requestId, 10);
            if (all.size() > 1) {
                JsonArrayBuilder owners = JSON.createArrayBuilder();
                all.forEach(v -> owners.add(v.owner()));
                return Problem.of(409, "ambiguous-request-id", "Several callers used this request_id",
                                "name the one you mean with ?owner=")
                        .with("owners", owners.build()).toResponse();
            }
            view = all.stream().findFirst();
        }
        if (view.isEmpty()) {
            return Problem.of(404, "not-found", "No such notification", "you have no notification with this request_id")
                    .toResponse();
        }
        return Response.ok(details(view.get()).build().toString()).build();
    }

    /**
     * The caller's notifications, newest first, a page at a time: {@code {items, next_cursor}},
     * {@code next_cursor} null on the last page. Filters: {@code status}, {@code channel},
     * {@code user_id}, {@code since} (created at or after); {@code limit} 1..100 (20). An admin
     * lists its own, or those of {@code ?owner=}, as for a single notification.
     */
    @RolesAllowed({"read", "send", "admin"})
    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("channel") String channel,
                         @QueryParam("user_id") String userId, @QueryParam("since") String since,
                         @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                         @QueryParam("owner") String owner) {
        String whose = owner != null && !owner.isEmpty() && security.isUserInRole("admin") ? owner : caller();
        NotificationPage page = notifications.list(
                NotificationListingRequest.parse(whose, status, channel, userId, since, limit, cursor));
        JsonArrayBuilder items = JSON.createArrayBuilder();
        page.items().forEach(v -> items.add(fields(v)));
        JsonObjectBuilder body = JSON.createObjectBuilder().add("items", items);
        page.next().ifPresentOrElse(p -> body.add("next_cursor", NotificationCursor.encode(p)),
                () -> body.addNull("next_cursor"));
        return Response.ok(body.build().toString()).build();
    }

    /** The authenticated caller: an API key's prefix or {@code jwt:<subject>}, the owner of what it sends. */
    private String caller() {
        return security.getUserPrincipal().getName();
    }

    private static JsonObjectBuilder summary(NotificationView v) {
        return JSON.createObjectBuilder()
                .add("notification_id", v.notificationId())
                .add("request_id", v.requestId())
                .add("status", v.status().name());
    }

    /** Everything the API shows of a notification but its events: the listing's items. */
    static JsonObjectBuilder fields(NotificationView v) {
        JsonObjectBuilder b = summary(v)
                .add("owner", v.owner())
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
        addIfPresent(b, "redacted_at", v.redactedAt());
        if (v.batchId() != null) {
            b.add("batch_id", v.batchId());
        }
        return b;
    }

    private static JsonObjectBuilder details(NotificationView v) {
        JsonObjectBuilder b = fields(v);
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

    static void addIfPresent(JsonObjectBuilder b, String name, Object value) {
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
