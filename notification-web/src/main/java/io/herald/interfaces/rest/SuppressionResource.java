package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.SuppressionService;
import io.herald.domain.model.notification.EmailAddresses;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.suppression.Suppression;
import io.herald.domain.model.suppression.SuppressionReason;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/suppressions} (admin): the addresses that get no more mail. {@code GET}
 * (newest first, filtered by address and reason, paged), {@code POST} an entry,
 * {@code DELETE /{address}} its entries (of one category with {@code ?category=}; {@code
 * ?category=*} for the all-categories ones only). Every email is checked against the list when
 * it is delivered.
 */
@Path("suppressions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class SuppressionResource {

    static final int MAX_LIMIT = 500;
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern SOURCE = Pattern.compile("[\\x20-\\x7E]{1,100}");

    @EJB
    private SuppressionService suppressions;

    @GET
    public Response list(@QueryParam("address") String address, @QueryParam("reason") String reason,
                         @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        List<FieldError> errors = new ArrayList<>();
        if (address != null && !EmailAddresses.isValid(address)) {
            errors.add(new FieldError("address", "must be a valid email address"));
        }
        SuppressionReason r = reason == null ? null : reason(reason, "reason", errors);
        int from = number(offset, "offset", 0, 0, Integer.MAX_VALUE, errors);
        int size = number(limit, "limit", 50, 1, MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            return Problem.invalid(errors).toResponse();
        }
        JsonArrayBuilder items = JSON.createArrayBuilder();
        suppressions.page(address, r, from, size).forEach(s -> items.add(json(s)));
        return Response.ok(JSON.createObjectBuilder().add("items", items).add("offset", from).add("limit", size)
                .build().toString()).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(InputStream body) {
        JsonObject json = JsonBodies.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        String address = string(json, "address", errors);
        if (address == null && !has(errors, "address")) {
            errors.add(new FieldError("address", "is required"));
        } else if (address != null && !EmailAddresses.isValid(address)) {
            errors.add(new FieldError("address", "must be a valid email address"));
        }
        String reasonText = string(json, "reason", errors);
        SuppressionReason reason = SuppressionReason.MANUAL;
        if (reasonText != null) {
            reason = reason(reasonText, "reason", errors);
        }
        String category = string(json, "category", errors);
        if (category != null && !CATEGORY.matcher(category).matches()) {
            errors.add(new FieldError("category", "must be 1..64 lower-case letters, digits, _ and - (omit it for every category)"));
        }
        String source = string(json, "source", errors);
        if (source != null && !SOURCE.matcher(source).matches()) {
            errors.add(new FieldError("source", "must be 1..100 printable characters"));
        }
        if (!errors.isEmpty()) {
            return Problem.invalid(errors).toResponse();
        }
        SuppressionService.Added added = suppressions.add(address, reason, category, source == null ? "api" : source);
        return Response.status(added.created() ? 201 : 200).entity(json(added.suppression()).build().toString()).build();
    }

    @DELETE
    @Path("{address}")
    public Response remove(@PathParam("address") String address, @QueryParam("category") String category) {
        List<FieldError> errors = new ArrayList<>();
        if (!EmailAddresses.isValid(address)) {
            errors.add(new FieldError("address", "must be a valid email address"));
        }
        if (category != null && !category.equals("*") && !CATEGORY.matcher(category).matches()) {
            errors.add(new FieldError("category", "must be a category name, or * for the all-categories entries"));
        }
        if (!errors.isEmpty()) {
            return Problem.invalid(errors).toResponse();
        }
        int removed = suppressions.remove(address, "*".equals(category) ? "" : category);
        if (removed == 0) {
            return Problem.of(404, "not-suppressed", "Not on the suppression list", "no matching entry for this address")
                    .toResponse();
        }
        return Response.ok(JSON.createObjectBuilder().add("removed", removed).build().toString()).build();
    }

    private static JsonObjectBuilder json(Suppression s) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("address", s.getAddress())
                .add("reason", s.getReason().name())
                .add("source", s.getSource())
                .add("created_at", s.getCreatedAt().toInstant().toString());
        if (s.getCategory() == null) {
            b.addNull("category");
        } else {
            b.add("category", s.getCategory());
        }
        return b;
    }

    private static SuppressionReason reason(String text, String field, List<FieldError> errors) {
        try {
            return SuppressionReason.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be HARD_BOUNCE, COMPLAINT, UNSUBSCRIBE or MANUAL"));
            return null;
        }
    }

    private static int number(String text, String field, int fallback, int min, int max, List<FieldError> errors) {
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "must be an integer from " + min + " to " + max));
        return fallback;
    }

    private static String string(JsonObject json, String field, List<FieldError> errors) {
        JsonValue v = json.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }

    private static boolean has(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }
}
