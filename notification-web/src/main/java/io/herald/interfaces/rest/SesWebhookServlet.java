package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.application.SesWebhookService;
import io.herald.infrastructure.ratelimit.RateLimiter;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code POST /api/v1/webhooks/ses}: Amazon SES bounce and complaint notifications through an
 * SNS HTTPS subscription. Open without a key ({@code RequestPaths}), since SNS cannot send one;
 * every message is authenticated by its SNS signature instead ({@link SesWebhookService}).
 *
 * <ul>
 *   <li>{@code 200 {"outcome": ...}} for a message that passed every check;</li>
 *   <li>{@code 403} for a topic, certificate URL or signature that did not (nothing changed); it
 *       counts as a failed authentication of the client address, and a client past that limit is
 *       answered {@code 429} without being checked;</li>
 *   <li>{@code 400} for a body that is not an SNS message (or not an SES notification),
 *       {@code 413} past {@value #MAX_BODY} bytes, {@code 503} when SNS could not be reached for
 *       the certificate (SNS retries 5xx).</li>
 * </ul>
 *
 * <p>A servlet on the exact path rather than a JAX-RS method: Payara enforces the API's
 * {@code @RolesAllowed} through its JAX-RS role support, and a resource method without a role
 * (or with {@code @PermitAll}) in the same application switched that enforcement off for other
 * resources too (caught by SuppressionsIT and ApiKeysIT). An exact servlet mapping takes
 * precedence over the API's {@code /api/v1/*}. SNS sends {@code Content-Type: text/plain}: any
 * type is read as JSON.
 */
@WebServlet(SesWebhookServlet.PATH)
public class SesWebhookServlet extends HttpServlet {

    public static final String PATH = "/api/v1/webhooks/ses";
    /** SNS messages are at most 256 KiB of Message plus the envelope. */
    static final int MAX_BODY = 320 * 1024;

    @EJB
    private SesWebhookService ses;

    @Inject
    private RateLimiter limiter;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String client = request.getRemoteAddr();
        long blocked = limiter.authenticationBlockedSeconds(client);
        if (blocked > 0) {
            response.setHeader("Retry-After", Long.toString(blocked));
            write(response, Problem.of(429, "too-many-failures", "Too many refused messages",
                    "too many messages from this address were refused; try again after " + blocked + " s"));
            return;
        }
        JsonObject body;
        try {
            body = JsonBodies.readObject(request.getInputStream(), MAX_BODY);
        } catch (UnreadableBodyException e) {
            write(response, Problem.of(e.status(), e.status() == 413 ? "body-too-large" : "unreadable-body",
                    "The body is not an SNS message", e.getMessage()));
            return;
        }
        SesWebhookService.Handled handled = ses.handle(body);
        switch (handled.outcome()) {
            case MALFORMED -> write(response, Problem.of(400, "invalid-sns-message", "Not an SNS message from SES", handled.detail()));
            case TOPIC_NOT_ALLOWED, CERTIFICATE_URL_NOT_ALLOWED, BAD_SIGNATURE, SUBSCRIBE_URL_NOT_ALLOWED -> {
                limiter.recordAuthenticationFailure(client);
                write(response, Problem.of(403, "sns-message-refused", "The message was refused", refusal(handled.outcome())));
            }
            case SNS_UNAVAILABLE -> {
                response.setHeader("Retry-After", "30");
                write(response, Problem.of(503, "sns-unavailable", "SNS could not be reached", handled.detail()));
            }
            case CONFIRMED, UNSUBSCRIBED, RECORDED, IGNORED -> write(response, 200, "application/json",
                    JSON.createObjectBuilder().add("outcome", handled.outcome().name().toLowerCase(Locale.ROOT)).build().toString());
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, jakarta.servlet.ServletException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            write(response, Problem.of(405, "http-405", "Method Not Allowed", "SNS messages are POSTed"));
            return;
        }
        super.service(request, response);
    }

    private static String refusal(SesWebhookService.Outcome outcome) {
        return switch (outcome) {
            case TOPIC_NOT_ALLOWED -> "the topic is not one this server accepts (herald.ses.topic-arns)";
            case CERTIFICATE_URL_NOT_ALLOWED -> "SigningCertURL must be https on an SNS host";
            case SUBSCRIBE_URL_NOT_ALLOWED -> "SubscribeURL must be https on an SNS host";
            default -> "the signature does not verify";
        };
    }

    private static void write(HttpServletResponse response, Problem problem) throws IOException {
        write(response, problem.status(), Problem.MEDIA_TYPE, problem.json());
    }

    private static void write(HttpServletResponse response, int status, String type, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
