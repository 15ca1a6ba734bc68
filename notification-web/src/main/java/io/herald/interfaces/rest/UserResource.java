package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.DevicePut;
import io.herald.application.DeviceView;
import io.herald.application.UserAlreadyExistsException;
import io.herald.application.UserService;
import io.herald.application.UserView;
import io.herald.domain.model.user.DeviceRegistration;
import io.herald.domain.model.user.UserDraft;
import io.herald.domain.model.user.UserPatch;
import io.herald.domain.model.user.UserRequestParser;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/v1/users}: the caller's user directory (issue 10). Create a user (POST), read,
 * replace (PUT), partially update (PATCH, JSON merge patch) and delete it, and register or
 * remove its push devices ({@code /users/{id}/devices/{token}}).
 *
 * <p>Users belong to the caller, like notifications: ids are the caller's own namespace, and
 * another caller's user is answered 404, exactly like one that does not exist. {@code users}
 * (and {@code admin}) manage the directory; {@code send} may read it. An admin acts for
 * another owner with {@code ?owner=}; reading without it, an admin gets its own user, else the
 * only user of any owner with that id (409 naming the owners when several have it). Writes
 * never guess: without {@code ?owner=} they are the admin's own.
 *
 * <p>Ids and device tokens in paths are percent-encoded by the client; the values are
 * personal data and are never echoed in problems or logged.
 */
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    @EJB
    private UserService users;

    @Context
    private UriInfo uri;

    @Context
    private SecurityContext security;

    @RolesAllowed({"users", "admin"})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body, @QueryParam("owner") String owner) {
        UserDraft draft = UserRequestParser.parseCreate(JsonBodies.readObject(body));
        String acting = acting(owner);
        UserView view;
        try {
            view = users.create(acting, draft);
        } catch (EJBException e) {
            // a concurrent registration of one of its device tokens won (a create that loses the
            // race for its id is a UserAlreadyExistsException, 409, already)
            if (!NotificationResource.isUniqueViolation(e)) {
                throw e;
            }
            if (users.exists(acting, draft.id())) {
                throw new UserAlreadyExistsException();
            }
            view = users.create(acting, draft); // once more: it finds the token now, and moves it
        }
        return Response.created(userUri(view.id(), owner)).entity(json(view).build().toString()).build();
    }

    @RolesAllowed({"users", "send", "admin"})
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @QueryParam("owner") String owner) {
        boolean admin = security.isUserInRole("admin");
        Optional<UserView> view = users.get(acting(owner), id);
        if (view.isEmpty() && admin && isBlank(owner)) {
            List<UserView> all = users.findAnyOwner(id, 10);
            if (all.size() > 1) {
                JsonArrayBuilder owners = JSON.createArrayBuilder();
                all.forEach(u -> owners.add(u.owner()));
                return Problem.of(409, "ambiguous-user-id", "Several callers have a user with this id",
                        "name the one you mean with ?owner=").with("owners", owners.build()).toResponse();
            }
            view = all.stream().findFirst();
        }
        return view.map(v -> Response.ok(json(v).build().toString()).build()).orElseGet(UserResource::noSuchUser);
    }

    /**
     * Replaces the user: every profile field (absent ones are cleared, preferences default to
     * true); {@code devices}, when given, replaces the device list, and when absent leaves it.
     */
    @RolesAllowed({"users", "admin"})
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, @QueryParam("owner") String owner, InputStream body) {
        UserDraft draft = UserRequestParser.parseReplace(id, JsonBodies.readObject(body));
        String acting = acting(owner);
        return onceMoreAfterAUniqueViolation(() -> users.replace(acting, draft))
                .map(v -> Response.ok(json(v).build().toString()).build()).orElseGet(UserResource::noSuchUser);
    }

    /** JSON merge patch (RFC 7396): only the fields present change; {@code null} clears one. */
    @RolesAllowed({"users", "admin"})
    @PATCH
    @Path("{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    public Response patch(@PathParam("id") String id, @QueryParam("owner") String owner, InputStream body) {
        UserPatch patch = UserRequestParser.parsePatch(id, JsonBodies.readObject(body));
        return users.patch(acting(owner), id, patch)
                .map(v -> Response.ok(json(v).build().toString()).build()).orElseGet(UserResource::noSuchUser);
    }

    /** Deletes the user and its devices: 204, or 404 if there is no such user. */
    @RolesAllowed({"users", "admin"})
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @QueryParam("owner") String owner) {
        return users.delete(acting(owner), id) ? Response.noContent().build() : noSuchUser();
    }

    /**
     * Registers a push device, {@code {"platform": "android" | "ios" | "web"}}: 201 when the user
     * did not have the token (new, or moved from another of the caller's users), 200 when it only
     * refreshed {@code last_seen_at}. 404 if there is no such user.
     */
    @RolesAllowed({"users", "admin"})
    @PUT
    @Path("{id}/devices/{token}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putDevice(@PathParam("id") String id, @PathParam("token") String token,
                              @QueryParam("owner") String owner, InputStream body) {
        DeviceRegistration registration = UserRequestParser.parseDevice(token, JsonBodies.readObject(body));
        String acting = acting(owner);
        Optional<DevicePut> put = onceMoreAfterAUniqueViolation(
                () -> users.putDevice(acting, id, registration.token(), registration.platform()));
        if (put.isEmpty()) {
            return noSuchUser();
        }
        String entity = json(put.get().device()).build().toString();
        return put.get().outcome().isNewForUser()
                ? Response.created(deviceUri(id, token, owner)).entity(entity).build()
                : Response.ok(entity).build();
    }

    /** Removes a device of the user: 204, or 404 if the user has no device with this token. */
    @RolesAllowed({"users", "admin"})
    @DELETE
    @Path("{id}/devices/{token}")
    public Response removeDevice(@PathParam("id") String id, @PathParam("token") String token,
                                 @QueryParam("owner") String owner) {
        if (users.removeDevice(acting(owner), id, token)) {
            return Response.noContent().build();
        }
        return Problem.of(404, "not-found", "No such device", "this user has no device with this token").toResponse();
    }

    /**
     * The owner the caller acts for: an admin's {@code ?owner=}, else the caller itself (an API
     * key's prefix or {@code jwt:<subject>}). Others' {@code ?owner=} is ignored, as for
     * notifications: they only ever see their own users.
     */
    private String acting(String owner) {
        return !isBlank(owner) && security.isUserInRole("admin") ? owner : security.getUserPrincipal().getName();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * A create, replace or device registration that lost a race for a device token (another
     * request registered it in between) is tried once more: it then finds the token and moves it.
     */
    private static <T> T onceMoreAfterAUniqueViolation(Supplier<T> call) {
        try {
            return call.get();
        } catch (EJBException e) {
            if (!NotificationResource.isUniqueViolation(e)) {
                throw e;
            }
            return call.get();
        }
    }

    private static Response noSuchUser() {
        return Problem.of(404, "not-found", "No such user", "you have no user with this id").toResponse();
    }

    /** The user's URL, naming the owner when an admin acted for one. Values are encoded as path segments. */
    private URI userUri(String id, String owner) {
        return build(uri.getBaseUriBuilder().path("users").path("{id}"), Map.of("id", id), owner);
    }

    private URI deviceUri(String id, String token, String owner) {
        return build(uri.getBaseUriBuilder().path("users").path("{id}").path("devices").path("{token}"),
                Map.of("id", id, "token", token), owner);
    }

    /** Values go in as template values, so that braces or slashes in them are encoded, never read as templates. */
    private URI build(UriBuilder b, Map<String, String> values, String owner) {
        Map<String, Object> all = new HashMap<>(values);
        if (!isBlank(owner) && security.isUserInRole("admin")) {
            b.queryParam("owner", "{owner}");
            all.put("owner", owner);
        }
        return b.buildFromMap(all);
    }

    static JsonObjectBuilder json(UserView v) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("id", v.id()).add("owner", v.owner());
        addIfPresent(b, "name", v.name());
        addIfPresent(b, "email", v.email());
        addIfPresent(b, "language", v.language());
        addIfPresent(b, "timezone", v.timezone());
        b.add("preferences", JSON.createObjectBuilder().add("email", v.emailEnabled()).add("push", v.pushEnabled()));
        JsonArrayBuilder devices = JSON.createArrayBuilder();
        v.devices().forEach(d -> devices.add(json(d)));
        b.add("devices", devices);
        addIfPresent(b, "created_at", v.createdAt());
        addIfPresent(b, "updated_at", v.updatedAt());
        return b;
    }

    static JsonObjectBuilder json(DeviceView d) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("token", d.token()).add("platform", d.platform().wireName());
        addIfPresent(b, "created_at", d.createdAt());
        addIfPresent(b, "last_seen_at", d.lastSeenAt());
        return b;
    }

    private static void addIfPresent(JsonObjectBuilder b, String name, Object value) {
        if (value instanceof OffsetDateTime t) {
            b.add(name, t.toInstant().toString());
        } else if (value != null) {
            b.add(name, value.toString());
        }
    }
}
