package io.herald.interfaces.rest;

import io.herald.application.ApiKeyService;
import io.herald.domain.model.apikey.ApiKey;
import io.herald.domain.model.apikey.Scope;
import io.herald.domain.model.notification.FieldError;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArray;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/admin/api-keys}: issue (the key is in the response, once), list (prefixes
 * only) and revoke keys. Rotation: issue a new key, move clients to it, revoke the old one.
 */
@Path("admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ApiKeyResource {

    @EJB
    private ApiKeyService keys;

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
            errors.add(new FieldError("scopes", "is required: a non-empty array of \"send\", \"read\", \"admin\""));
        }
        if (!errors.isEmpty()) {
            return Problem.invalid(errors).toResponse();
        }
        ApiKey.Issued issued = keys.issue(name, scopes);
        return Response.status(201).entity(json(issued.key()).add("key", issued.plainText())
                .add("note", "store this key now: it is not shown again").build().toString()).build();
    }

    @GET
    public Response list() {
        JsonArrayBuilder items = Json.createArrayBuilder();
        keys.list().forEach(k -> items.add(json(k)));
        return Response.ok(Json.createObjectBuilder().add("items", items).build().toString()).build();
    }

    @DELETE
    @Path("{prefix}")
    public Response revoke(@PathParam("prefix") String prefix) {
        if (!keys.revoke(prefix)) {
            return Problem.of(404, "not-found", "No such API key", "no key with prefix " + prefix).toResponse();
        }
        return Response.noContent().build();
    }

    private static JsonObjectBuilder json(ApiKey k) {
        JsonArrayBuilder scopes = Json.createArrayBuilder();
        k.scopes().forEach(s -> scopes.add(s.role()));
        JsonObjectBuilder b = Json.createObjectBuilder().add("prefix", k.getPrefix()).add("name", k.getName())
                .add("scopes", scopes).add("created_at", k.getCreatedAt().toInstant().toString()).add("revoked", k.isRevoked());
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
