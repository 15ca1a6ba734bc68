package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.BounceService;
import io.herald.domain.model.bounce.BounceReport;
import io.herald.domain.model.bounce.BounceRequestParser;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * {@code POST /api/v1/webhooks/bounces} (scope {@code webhook}): bounces and complaints from any
 * mail provider, {@code {address, type: hard|soft|complaint, diagnostic?, notification_id?}},
 * applied by {@link BounceService}. Amazon SES reports through SNS to
 * {@link SesWebhookServlet} instead.
 */
@Path("webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    @EJB
    private BounceService bounces;

    @POST
    @Path("bounces")
    @RolesAllowed("webhook")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response bounce(InputStream body) {
        BounceReport report = BounceRequestParser.parse(JsonBodies.readObject(body));
        BounceService.Recorded recorded = bounces.record(report);
        return Response.ok(JSON.createObjectBuilder()
                .add("type", report.kind().wireName())
                .add("suppressed", report.kind().suppression().isPresent())
                .add("suppression_added", recorded.suppressionsAdded() > 0)
                .add("notification_matched", recorded.notificationMatched())
                .build().toString()).build();
    }
}
