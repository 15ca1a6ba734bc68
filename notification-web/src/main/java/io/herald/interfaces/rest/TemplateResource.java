package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.TemplateService;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.template.Template;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
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
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/templates}: publish a template version and read the current one. Publishing
 * the same code and language again creates the next version.
 */
@Path("templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    static final int MAX_PART_LENGTH = 100_000;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");

    @EJB
    private TemplateService templates;

    @Context
    private UriInfo uri;

    @RolesAllowed("admin")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publish(InputStream body) {
        JsonObject json = JsonBodies.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        String code = text(json, "code", true, 100, errors);
        String language = text(json, "language", false, 16, errors);
        String channel = text(json, "channel", false, 16, errors);
        String subject = text(json, "subject", false, 1000, errors);
        String html = text(json, "body_html", false, MAX_PART_LENGTH, errors);
        String plain = text(json, "body_text", false, MAX_PART_LENGTH, errors);
        if (code != null && !CODE.matcher(code).matches()) {
            errors.add(new FieldError("code", "must be 1..100 characters of letters, digits and ._-"));
        }
        language = language == null ? "en" : language;
        if (!LANGUAGE.matcher(language).matches()) {
            errors.add(new FieldError("language", "must be a language tag such as \"en\" or \"pt-BR\""));
        }
        channel = channel == null ? "email" : channel;
        if (!channel.equals("email")) {
            errors.add(new FieldError("channel", "must be \"email\""));
        }
        if (subject == null && !errors.stream().anyMatch(e -> e.field().equals("subject"))) {
            errors.add(new FieldError("subject", "is required for email templates"));
        } else if (subject != null && (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0)) {
            errors.add(new FieldError("subject", "must be a single line (no CR or LF)"));
        }
        if (html == null && plain == null) {
            errors.add(new FieldError("body_html", "body_html or body_text is required"));
        }
        if (!errors.isEmpty()) {
            return Problem.invalid(errors).toResponse();
        }
        Template t = templates.publish(code, language, channel, subject, html, plain);
        return Response.created(uri.getBaseUriBuilder().path("templates").path(code)
                        .queryParam("language", language).build())
                .entity(json(t).build().toString()).build();
    }

    @RolesAllowed({"read", "admin"})
    @GET
    @Path("{code}")
    public Response latest(@PathParam("code") String code, @QueryParam("language") @DefaultValue("en") String language) {
        return templates.latest(code, language)
                .map(t -> Response.ok(json(t).build().toString()).build())
                .orElseGet(() -> Problem.of(404, "not-found", "No such template",
                        "no active template '" + code + "' in language '" + language + "'").toResponse());
    }

    private static JsonObjectBuilder json(Template t) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("code", t.getCode()).add("language", t.getLanguage()).add("version", t.getVersion())
                .add("channel", t.getChannel()).add("active", t.isActive())
                .add("created_at", t.getCreatedAt().toInstant().toString());
        if (t.getSubject() != null) {
            b.add("subject", t.getSubject());
        }
        if (t.getBodyHtml() != null) {
            b.add("body_html", t.getBodyHtml());
        }
        if (t.getBodyText() != null) {
            b.add("body_text", t.getBodyText());
        }
        return b;
    }

    private static String text(JsonObject json, String field, boolean required, int max, List<FieldError> errors) {
        JsonValue v = json.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!(v instanceof JsonString s)) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        if (s.getString().length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        return s.getString();
    }
}
