package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.ApiKeyService;
import io.herald.domain.model.apikey.ApiKey;
import io.herald.domain.model.apikey.RateLimit;
import io.herald.domain.model.apikey.Scope;
import io.herald.domain.model.notification.FieldError;
import io.herald.infrastructure.ratelimit.RateLimiter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/admin/api-keys}: issue (the key is in the response, once), list (prefixes
 * only) and revoke keys, and set a key's own rate limit. Rotation: issue a new key, move
 * clients to it, revoke the old one.
 */
@Path("admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ApiKeyResource {

    @EJB
    private ApiKeyService keys;

    @Inject
    private RateLimiter limiter;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issue(InputStream body) {
        JsonObject json = JsonBodies.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        String name = json.get("name") instanceof JsonString s ? s.getString().strip() : null;
        if (name == null || name.isEmpty() || name.length() > 100) {
            errors.add(new FieldError("name", "is required: 1..100 characters"));
        }
        Set<Scope> scopes = Set.of();
        if (json.get("scopes") instanceof JsonArray array && !array.isEmpty()
                && array.stream().allMatch(v -> v.getValueType() == JsonValue.ValueType.STRING)) {
            try {
                scopes = Scope.parse(array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("scopes", e.getMessage()));
            }
        } else {
            errors.add(new FieldError("scopes", "is required: a non-empty array of " + Scope.roleList()));
        }
        RateLimit limit = null;
        JsonValue given = json.get("rate_limit");
        if (given != null && given.getValueType() != JsonValue.ValueType.NULL) {
            limit = rateLimit(given, "rate_limit.", errors);
        }
        if (!errors.isEmpty()) {
            return Problem.invalid(errors).toResponse();
        }
        ApiKey.Issued issued = keys.issue(name, scopes, limit);
        return Response.status(201).entity(json(issued.key()).add("key", issued.plainText())
                .add("note", "store this key now: it is not shown again").build().toString()).build();
    }

    @GET
    public Response list() {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        keys.list().forEach(k -> items.add(json(k)));
        return Response.ok(JSON.createObjectBuilder().add("items", items).build().toString()).build();
    }

    @DELETE
    @Path("{prefix}")
    public Response revoke(@PathParam("prefix") String prefix) {
        if (!keys.revoke(prefix)) {
            return notFound(prefix);
        }
        return Response.noContent().build();
    }

    /** Gives a key its own rate limit: {@code {"per_second": 10, "burst": 20}}. */
    @PUT
    @Path("{prefix}/rate-limit")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response limit(@PathParam("prefix") String prefix, InputStream body) {
        List<FieldError> errors = new ArrayList<>();
        RateLimit limit = rateLimit(JsonBodies.readObject(body), "", errors);
        if (!errors.isEmpty()) {
            return Problem.invalid(errors).toResponse();
        }
        return keys.limit(prefix, limit).map(k -> Response.ok(json(k).build().toString()).build())
                .orElseGet(() -> notFound(prefix));
    }

    /** Puts a key back on the server's default rate limit. */
    @DELETE
    @Path("{prefix}/rate-limit")
    public Response unlimit(@PathParam("prefix") String prefix) {
        return keys.limit(prefix, null).map(k -> Response.noContent().build()).orElseGet(() -> notFound(prefix));
    }

    private static Response notFound(String prefix) {
        return Problem.of(404, "not-found", "No such API key", "no key with prefix " + prefix).toResponse();
    }

    private static RateLimit rateLimit(JsonValue value, String path, List<FieldError> errors) {
        if (!(value instanceof JsonObject o)) {
            errors.add(new FieldError(path.isEmpty() ? "body" : path.substring(0, path.length() - 1),
                    "must be an object {\"per_second\": n, \"burst\": n}"));
            return null;
        }
        Integer perSecond = positive(o, "per_second", path, errors);
        Integer burst = positive(o, "burst", path, errors);
        return perSecond == null || burst == null ? null : new RateLimit(perSecond, burst);
    }

    private static Integer positive(JsonObject o, String name, String path, List<FieldError> errors) {
        if (o.get(name) instanceof JsonNumber n && n.isIntegral()
                && n.bigDecimalValue().compareTo(java.math.BigDecimal.ONE) >= 0
                && n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(RateLimit.MAX)) <= 0) {
            return n.intValue();
        }
        errors.add(new FieldError(path + name, "is required: an integer between 1 and " + RateLimit.MAX));
        return null;
    }

    private JsonObjectBuilder json(ApiKey k) {
        JsonArrayBuilder scopes = JSON.createArrayBuilder();
        k.scopes().forEach(s -> scopes.add(s.role()));
        JsonObjectBuilder b = JSON.createObjectBuilder().add("prefix", k.getPrefix()).add("name", k.getName())
                .add("scopes", scopes).add("created_at", k.getCreatedAt().toInstant().toString()).add("revoked", k.isRevoked());
        RateLimit limit = limiter.effective(k.rateLimit().orElse(null));
        b.add("rate_limit", JSON.createObjectBuilder().add("per_second", limit.perSecond()).add("burst", limit.burst())
                .add("source", k.rateLimit().isPresent() ? "key" : "default"));
        time(b, "last_used_at", k.getLastUsedAt());
        time(b, "revoked_at", k.getRevokedAt());
        return b;
    }

    private static void time(JsonObjectBuilder b, String name, OffsetDateTime t) {
        if (t != null) {
            b.add(name, t.toInstant().toString());
        }
    }
}
