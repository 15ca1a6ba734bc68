package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.RenderedEmail;
import io.herald.application.RenderedPush;
import io.herald.application.TemplatePreview;
import io.herald.application.TemplateService;
import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.template.Template;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import java.io.StringReader;
import java.util.Optional;

/**
 * {@code /api/v1/templates}: publish a template version (email or push, see
 * {@link TemplateRequests}), read the current one, preview it with variables. Publishing the
 * same code and language again creates the next version.
 */
@Path("templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    @EJB
    private TemplateService templates;

    @Context
    private UriInfo uri;

    @RolesAllowed("admin")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publish(InputStream body) {
        TemplateRequests.Draft d = TemplateRequests.publish(JsonBodies.readObject(body));
        Template t = d.channel() == Channel.PUSH
                ? templates.publishPush(d.code(), d.language(), d.title(), d.body(), d.data(), d.image(), d.category())
                : templates.publish(d.code(), d.language(), d.channel().wireName(), d.subject(), d.bodyHtml(), d.bodyText(),
                        d.category());
        return Response.created(uri.getBaseUriBuilder().path("templates").path(d.code())
                        .queryParam("language", d.language()).build())
                .entity(json(t).build().toString()).build();
    }

    @RolesAllowed({"read", "admin"})
    @GET
    @Path("{code}")
    public Response latest(@PathParam("code") String code, @QueryParam("language") @DefaultValue("en") String language) {
        if (!TemplateRequests.CODE.matcher(code).matches() || !TemplateRequests.LANGUAGE.matcher(language).matches()) {
            // no template can have it; and the catalog never remembers made-up names of any length
            return notFound(code, language);
        }
        return templates.latest(code, language)
                .map(t -> Response.ok(json(t).build().toString()).build())
                .orElseGet(() -> notFound(code, language));
    }

    /**
     * Renders the newest version of a template with the caller's variables, as delivery would,
     * without sending or storing anything. 404 for an unknown template, 422 when it cannot be
     * applied (the problem, never the variables), 400 for a bad body.
     */
    @RolesAllowed({"read", "send", "admin"})
    @POST
    @Path("{code}/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response preview(@PathParam("code") String code, InputStream body) {
        TemplateRequests.Preview request = TemplateRequests.preview(JsonBodies.readObject(body));
        Optional<TemplatePreview> preview = TemplateRequests.CODE.matcher(code).matches()
                ? templates.preview(code, request.language(), request.variablesJson())
                : Optional.empty();
        if (preview.isEmpty()) {
            return notFound(code, request.language());
        }
        return Response.ok(json(preview.get()).toString()).build();
    }

    static JsonObject json(TemplatePreview p) {
        Template t = p.template();
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("code", t.getCode())
                .add("channel", t.getChannel())
                .add("template_version", t.getVersion())
                .add("language", t.getLanguage());
        if (p.push() != null) {
            RenderedPush push = p.push();
            JsonObjectBuilder data = JSON.createObjectBuilder();
            push.data().forEach(data::add);
            b.add("title", push.title()).add("body", push.body()).add("data", data);
            addOrNull(b, "image", push.image());
        } else {
            RenderedEmail email = p.email();
            b.add("subject", email.subject());
            addOrNull(b, "html", email.html());
            addOrNull(b, "text", email.text());
        }
        return b.build();
    }

    private static void addOrNull(JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }

    private static Response notFound(String code, String language) {
        return Problem.of(404, "not-found", "No such template",
                "no active template '" + code + "' in language '" + language + "'").toResponse();
    }

    private static JsonObjectBuilder json(Template t) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("code", t.getCode()).add("language", t.getLanguage()).add("version", t.getVersion())
                .add("channel", t.getChannel()).add("category", t.getCategory()).add("active", t.isActive())
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
        if (t.getTitle() != null) {
            b.add("title", t.getTitle());
        }
        if (t.getBody() != null) {
            b.add("body", t.getBody());
        }
        if (t.getData() != null) {
            try (var reader = JSON.createReader(new StringReader(t.getData()))) {
                b.add("data", reader.readObject());
            }
        }
        if (t.getImage() != null) {
            b.add("image", t.getImage());
        }
        return b;
    }
}
