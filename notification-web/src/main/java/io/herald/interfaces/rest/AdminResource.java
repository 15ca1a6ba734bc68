package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.DeadLetter;
import io.herald.application.DeadLetterService;
import io.herald.application.QueueDepths;
import io.herald.application.RetentionService;
import io.herald.domain.model.notification.EmailAddresses;
import io.herald.domain.model.notification.Redaction;
import io.herald.infrastructure.logging.Log;
import io.herald.interfaces.security.BearerAuthenticationMechanism;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import io.herald.domain.model.notification.FieldError;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/admin}: what operators need when deliveries go wrong. Browse the dead-letter
 * queue, replay messages (one, by filter, or all) with their attempts reset, purge them (with
 * an audit event), and see queue depths. The same queues are visible in the Payara admin
 * console as JMS physical destinations. Also personal data: run retention now, erase an
 * address ({@link RetentionService}).
 */
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AdminResource {

    static final int MAX_PAGE = 500;
    static final int MAX_BULK = 10_000;
    private static final Log LOG = Log.of(AdminResource.class);

    @EJB
    private DeadLetterService deadLetters;

    @EJB
    private QueueDepths queues;

    @EJB
    private RetentionService retention;

    @Context
    private HttpServletRequest servletRequest;

    @GET
    @Path("dead-letters")
    public Response list(@QueryParam("offset") @DefaultValue("0") int offset,
                         @QueryParam("limit") @DefaultValue("50") int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            return Problem.of(400, "invalid-request", "Invalid paging",
                    "offset must be >= 0 and limit 1.." + MAX_PAGE).toResponse();
        }
        List<DeadLetter> page = deadLetters.browse(offset, limit);
        JsonArrayBuilder items = JSON.createArrayBuilder();
        page.forEach(d -> items.add(json(d)));
        JsonObjectBuilder body = JSON.createObjectBuilder().add("items", items).add("offset", offset).add("limit", limit);
        if (page.size() == limit) {
            body.add("next_offset", offset + limit);
        }
        return Response.ok(body.build().toString()).build();
    }

    @POST
    @Path("dead-letters/{id}/replay")
    public Response replay(@PathParam("id") String id) {
        return outcome(id, deadLetters.replay(id));
    }

    @DELETE
    @Path("dead-letters/{id}")
    public Response purge(@PathParam("id") String id) {
        return outcome(id, deadLetters.purge(id));
    }

    /**
     * Bulk replay. Body (optional): {@code {"reason_contains": "...", "max": 1000}}; without a
     * filter every dead letter is replayed. Each one is its own transaction.
     */
    @POST
    @Path("dead-letters/replay")
    public Response replayAll(InputStream body) {
        String reasonContains = null;
        int max = MAX_BULK;
        JsonObject filter = JsonBodies.readOptionalObject(body).orElse(JsonValue.EMPTY_JSON_OBJECT);
        JsonValue reason = filter.get("reason_contains");
        if (reason instanceof JsonString s) {
            reasonContains = s.getString();
        } else if (reason != null && reason.getValueType() != JsonValue.ValueType.NULL) {
            return Problem.invalid(List.of(new FieldError("reason_contains", "must be a string"))).toResponse();
        }
        if (filter.containsKey("max")) {
            if (filter.get("max") instanceof JsonNumber n && n.isIntegral() && n.intValue() >= 1 && n.intValue() <= MAX_BULK) {
                max = n.intValue();
            } else {
                return Problem.invalid(List.of(new FieldError("max", "must be an integer 1.." + MAX_BULK))).toResponse();
            }
        }
        int replayed = 0;
        int alreadyDelivered = 0;
        int gone = 0;
        for (String id : deadLetters.find(reasonContains, max)) {
            switch (deadLetters.replay(id)) {
                case REPLAYED -> replayed++;
                case ALREADY_DELIVERED -> alreadyDelivered++;
                default -> gone++;
            }
        }
        return Response.ok(JSON.createObjectBuilder().add("replayed", replayed).add("already_delivered", alreadyDelivered)
                .add("not_found", gone).build().toString()).build();
    }

    @GET
    @Path("queues")
    public Response queues() {
        JsonObjectBuilder body = JSON.createObjectBuilder();
        for (Map.Entry<String, Integer> e : queues.depths().entrySet()) {
            body.add(e.getKey(), e.getValue());
        }
        return Response.ok(body.add("note", "messages waiting for a scheduled retry are not counted").build().toString()).build();
    }

    /**
     * Runs retention now, as the scheduled job does: {@code {"redacted": n, ...}}. Safe beside a
     * scheduled run (each takes rows the other has not locked).
     */
    @POST
    @Path("retention/run")
    public Response runRetention() {
        Optional<String> misconfigured = retention.configurationProblem();
        if (misconfigured.isPresent()) {
            return Problem.of(409, "retention-misconfigured", "Retention is misconfigured", misconfigured.get()).toResponse();
        }
        RetentionService.Run run = retention.runRetention();
        LOG.info(() -> "AUDIT retention run by " + caller() + ": " + run.redacted() + " notification(s) redacted");
        return Response.ok(JSON.createObjectBuilder().add("redacted", run.redacted()).add("batches", run.batches())
                .add("finished_before", run.cutoff().toString()).add("millis", run.millis()).build().toString()).build();
    }

    /**
     * Erasure on request: every notification sent to the address, or whose variables or metadata
     * contain it, loses its personal data; pending ones are cancelled first; users of the
     * directory with that address (of every owner) are deleted with their devices. 200
     * {@code {"notifications": n, "cancelled": m, "users": u, "erasure_id": "..."}}; 400 for an
     * invalid address. Audited (log line without the address, event on each notification).
     */
    @DELETE
    @Path("recipients/{address: .+}")
    public Response erase(@PathParam("address") String address) {
        if (Redaction.erasureKey(address).isEmpty()) {
            return Problem.invalid(List.of(new FieldError("address",
                    "must be a valid email address of at most " + EmailAddresses.MAX_LENGTH + " characters"))).toResponse();
        }
        RetentionService.Erasure erasure = retention.erase(address, caller());
        return Response.ok(JSON.createObjectBuilder().add("notifications", erasure.notifications())
                .add("cancelled", erasure.cancelled()).add("users", erasure.users()).add("erasure_id", erasure.id())
                .build().toString()).build();
    }

    /** The authenticated caller's name (API key prefix or {@code jwt:<subject>}), for audit lines. */
    private String caller() {
        if (servletRequest.getAttribute(BearerAuthenticationMechanism.CALLER) instanceof Principal p) {
            return p.getName();
        }
        return servletRequest.getUserPrincipal() == null ? "unknown" : servletRequest.getUserPrincipal().getName();
    }

    private static Response outcome(String id, DeadLetterService.Outcome outcome) {
        if (outcome == DeadLetterService.Outcome.NOT_FOUND) {
            return Problem.of(404, "not-found", "No such dead letter", "no message " + id + " in the dead-letter queue").toResponse();
        }
        return Response.ok(JSON.createObjectBuilder().add("message_id", id).add("outcome", outcome.name()).build().toString())
                .build();
    }

    private static JsonObjectBuilder json(DeadLetter d) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("message_id", d.messageId());
        if (d.notificationId() != null) {
            b.add("notification_id", d.notificationId());
        }
        add(b, "reason", d.reason());
        if (d.attempts() != null) {
            b.add("attempts", d.attempts());
        }
        if (d.deliveryCount() != null) {
            b.add("delivery_count", d.deliveryCount());
        }
        add(b, "original_destination", d.originalDestination());
        add(b, "first_failure_at", d.firstFailureAt());
        add(b, "last_failure_at", d.lastFailureAt());
        add(b, "dead_lettered_at", d.deadLetteredAt());
        add(b, "attempt_history", d.attemptHistory());
        return b;
    }

    private static void add(JsonObjectBuilder b, String name, String value) {
        if (value != null) {
            b.add(name, value);
        }
    }
}
