package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.domain.model.notification.FieldError;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * RFC 9457 problem details, the body of every error response ({@code application/problem+json}).
 * {@code type} URIs are relative to the API and name the kind of problem; {@code errors} lists
 * field problems for 400s. Never carries a stack trace.
 */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final JsonObjectBuilder body = JSON.createObjectBuilder();
    private final int status;

    private Problem(int status, String type, String title, String detail) {
        this.status = status;
        body.add("type", "/problems/" + type).add("title", title).add("status", status);
        if (detail != null) {
            body.add("detail", detail);
        }
    }

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(status, type, title, detail);
    }

    public static Problem invalid(List<FieldError> errors) {
        Problem p = new Problem(400, "invalid-request", "The request is not valid",
                errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                        : errors.size() + " fields are not valid");
        JsonArrayBuilder list = JSON.createArrayBuilder();
        for (FieldError e : errors) {
            list.add(JSON.createObjectBuilder().add("field", e.field()).add("message", e.message()));
        }
        p.body.add("errors", list);
        return p;
    }

    public Problem with(String name, String value) {
        if (value != null) {
            body.add(name, value);
        }
        return this;
    }

    public Problem with(String name, jakarta.json.JsonValue value) {
        body.add(name, value);
        return this;
    }

    /** The status and the problem+json body, for answers written outside JAX-RS (servlets). */
    public int status() {
        return status;
    }

    public String json() {
        return body.build().toString();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(body.build().toString());
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }
}
