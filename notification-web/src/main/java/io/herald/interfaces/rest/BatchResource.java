package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.BatchAcceptance;
import io.herald.application.BatchProgress;
import io.herald.application.BatchService;
import io.herald.application.CallbackTargets;
import io.herald.domain.model.batch.Batch;
import io.herald.domain.model.batch.BatchRequest;
import io.herald.domain.model.notification.BatchRequestParser;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import io.herald.domain.model.notification.NotificationStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * {@code /api/v1/batches}: one template to up to 100,000 recipients. {@code POST} answers 202
 * once the batch and every notification in it are durable, naming the recipients it rejected
 * by index; {@code GET /{id}} reports progress; {@code GET /{id}/notifications} pages through
 * the batch's notifications; {@code DELETE /{id}} cancels what has not been sent yet.
 *
 * <p>A batch belongs to the caller that sent it: another caller's batch is a 404, as one that
 * does not exist. The body may be at most {@value #MAX_BODY_BYTES} bytes.
 */
@Path("batches")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    /** 32 MiB: 100,000 recipients of about 300 bytes each (address, a few variables, a request id). */
    public static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    @EJB
    private BatchService batches;

    @EJB
    private CallbackTargets callbackTargets;

    @Inject
    private MetricRegistry metrics;

    @Context
    private UriInfo uri;

    @Context
    private SecurityContext security;

    @Inject
    @ConfigProperty(name = "herald.send-at.horizon-days", defaultValue = "365")
    long sendAtHorizonDays;

    @RolesAllowed("send")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body,
                           @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @HeaderParam(CorrelationIdFilter.HEADER) String correlationId) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidNotificationRequestException(List.of(new FieldError("Idempotency-Key",
                    "must be 1..255 printable characters without spaces")));
        }
        JsonBodies.Digested read = JsonBodies.readDigestedObject(body, MAX_BODY_BYTES);
        BatchRequest request = BatchRequestParser.parse(read.object(), correlationId, read.sha256(), Instant.now(),
                Duration.ofDays(Math.max(1, sendAtHorizonDays)));
        NotificationResource.refuseUnreachableCallback(callbackTargets, request.callbackUrl());
        String owner = caller();
        BatchAcceptance acceptance;
        try {
            acceptance = batches.accept(owner, request, idempotencyKey);
        } catch (EJBException e) {
            if (!NotificationResource.isUniqueViolation(e)) {
                throw e;
            }
            // a concurrent request with the same Idempotency-Key won, or a recipient's request_id
            // was taken meanwhile: answer as for a repeat, or say which
            Optional<BatchAcceptance> repeat = idempotencyKey == null ? Optional.empty()
                    : batches.findExisting(owner, request, idempotencyKey);
            if (repeat.isEmpty()) {
                return Problem.of(409, "request-id-taken", "A request_id of this batch was used meanwhile",
                        "another request used one of this batch's request ids while it was stored; nothing was stored,"
                                + " send it again").toResponse();
            }
            acceptance = repeat.get();
        }
        URI location = uri.getBaseUriBuilder().path("batches").path(Long.toString(acceptance.batchId())).build();
        if (acceptance.outcome() == BatchAcceptance.Outcome.CONFLICT) {
            return Problem.of(422, "idempotency-key-conflict", "Idempotency-Key was used for a different batch",
                            "this Idempotency-Key already names batch " + acceptance.batchId() + ", sent with a different body")
                    .toResponseBuilder().location(location).build();
        }
        JsonObjectBuilder answer = JSON.createObjectBuilder()
                .add("batch_id", acceptance.batchId())
                .add("accepted", acceptance.accepted())
                .add("rejected", parseArray(acceptance.rejectedAsJson()));
        if (acceptance.outcome() == BatchAcceptance.Outcome.DUPLICATE) {
            answer.add("duplicate", true);
        } else {
            metrics.counter("batches.accepted").inc();
            metrics.counter("notifications.accepted", new org.eclipse.microprofile.metrics.Tag("channel", "email"))
                    .inc(acceptance.accepted());
        }
        return Response.accepted(answer.build().toString()).location(location).build();
    }

    @RolesAllowed({"read", "send", "admin"})
    @GET
    @Path("{batchId}")
    public Response progress(@PathParam("batchId") String batchId) {
        return batches.progress(caller(), id(batchId)).map(p -> Response.ok(view(p).build().toString()).build())
                .orElseGet(BatchResource::notFound);
    }

    /**
     * The batch's notifications in id order, {@code limit} (1..500, 50) at a time, optionally of
     * one {@code status}: {@code {items, next_cursor}}, {@code next_cursor} null on the last page.
     */
    @RolesAllowed({"read", "send", "admin"})
    @GET
    @Path("{batchId}/notifications")
    public Response members(@PathParam("batchId") String batchId, @QueryParam("status") String status,
                            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        List<FieldError> errors = new ArrayList<>();
        NotificationStatus wanted = null;
        if (status != null && !status.isEmpty()) {
            try {
                wanted = NotificationStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "must be one of " + java.util.Arrays.toString(NotificationStatus.values())));
            }
        }
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isEmpty()) {
            size = number(limit, 1, MAX_LIMIT, "limit", errors).intValue();
        }
        long after = 0;
        if (cursor != null && !cursor.isEmpty()) {
            after = number(cursor, 0, Long.MAX_VALUE, "cursor", errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidNotificationRequestException(errors);
        }
        Optional<BatchService.BatchMembers> page = batches.members(caller(), id(batchId), wanted, after, size);
        if (page.isEmpty()) {
            return notFound();
        }
        JsonArrayBuilder items = JSON.createArrayBuilder();
        page.get().items().forEach(v -> items.add(NotificationResource.fields(v)));
        JsonObjectBuilder body = JSON.createObjectBuilder().add("items", items);
        if (page.get().next() == null) {
            body.addNull("next_cursor");
        } else {
            body.add("next_cursor", Long.toString(page.get().next()));
        }
        return Response.ok(body.build().toString()).build();
    }

    /**
     * Cancels what has not been sent yet: every notification of the batch that is neither being
     * sent nor finished becomes CANCELLED. Answers the progress after it, with how many this call
     * cancelled. Cancelling again cancels nothing more.
     */
    @RolesAllowed({"send", "admin"})
    @DELETE
    @Path("{batchId}")
    public Response cancel(@PathParam("batchId") String batchId) {
        long id = id(batchId);
        Optional<Integer> cancelled = batches.cancel(caller(), id);
        if (cancelled.isEmpty()) {
            return notFound();
        }
        return batches.progress(caller(), id)
                .map(p -> Response.ok(view(p).add("cancelled_now", cancelled.get()).build().toString()).build())
                .orElseGet(BatchResource::notFound);
    }

    private static JsonObjectBuilder view(BatchProgress p) {
        Batch b = p.batch();
        JsonObjectBuilder counts = JSON.createObjectBuilder();
        for (NotificationStatus s : NotificationStatus.values()) {
            counts.add(s.name(), p.counts().getOrDefault(s, 0L));
        }
        JsonObjectBuilder view = JSON.createObjectBuilder()
                .add("batch_id", b.getId())
                .add("template_code", b.getTemplateCode())
                .add("total", p.total())
                .add("finished", p.finished())
                .add("percent_done", p.percentDone())
                .add("counts", counts)
                .add("rejected", parseArray(b.getRejected()).size());
        NotificationResource.addIfPresent(view, "language", b.getLanguage());
        NotificationResource.addIfPresent(view, "category", b.getCategory());
        NotificationResource.addIfPresent(view, "send_at", b.getSendAt());
        NotificationResource.addIfPresent(view, "created_at", b.getCreatedAt());
        NotificationResource.addIfPresent(view, "started_at", b.getStartedAt());
        NotificationResource.addIfPresent(view, "completed_at", p.completedAt());
        NotificationResource.addIfPresent(view, "cancelled_at", b.getCancelledAt());
        view.add("status", p.completedAt() != null ? (b.getCancelledAt() != null ? "CANCELLED" : "COMPLETED")
                : b.getStartedAt() != null ? "SENDING" : "ACCEPTED");
        return view;
    }

    private static jakarta.json.JsonArray parseArray(String json) {
        if (json == null || json.isEmpty()) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readArray();
        }
    }

    private static long id(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new InvalidNotificationRequestException(List.of(new FieldError("batch_id", "must be a positive integer")));
    }

    private static Long number(String text, long min, long max, String field, List<FieldError> errors) {
        try {
            long n = Long.parseLong(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        errors.add(new FieldError(field, "must be an integer from " + min + " to " + max));
        return min;
    }

    private static Response notFound() {
        return Problem.of(404, "not-found", "No such batch", "you have no batch with this id").toResponse();
    }

    private String caller() {
        return security.getUserPrincipal().getName();
    }
}
