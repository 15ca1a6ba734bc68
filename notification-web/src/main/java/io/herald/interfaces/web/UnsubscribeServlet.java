package io.herald.interfaces.web;

import io.herald.application.UnsubscribeLinks;
import io.herald.domain.model.suppression.UnsubscribeToken;
import io.herald.infrastructure.ratelimit.RateLimiter;
import io.herald.interfaces.rest.SecurityHeadersFilter;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /unsubscribe/<token>}, the one-click unsubscribe link of non-transactional mail, open
 * without a key ({@code RequestPaths}). A plain servlet beside the JAX-RS API
 * ({@code /api/v1}), so the link is exactly the path the {@code List-Unsubscribe} header names.
 *
 * <ul>
 *   <li>{@code GET} (and {@code HEAD}) shows a page asking to confirm, with a button; it changes
 *       nothing, so link scanners and prefetchers that follow links unsubscribe nobody.</li>
 *   <li>{@code POST}, the button or a mailbox provider's RFC 8058 one-click request (body
 *       {@code List-Unsubscribe=One-Click}; the body is not required, the POST is the request),
 *       puts the address on the suppression list for the link's category ({@code UNSUBSCRIBE},
 *       source {@code one-click}) and answers 200; following it again changes nothing.</li>
 *   <li>An invalid token is 400, an expired one 400 saying so, neither changing anything;
 *       without {@code herald.unsubscribe.secret} every link is 404.</li>
 * </ul>
 *
 * Answers are small HTML pages ({@link UnsubscribePage}) with the API's hardening headers and a
 * policy that allows no script. Invalid tokens count as failed authentications of the client
 * address ({@link RateLimiter}): past the limit, links from that address are answered 429 without
 * being checked. Nothing here logs the token or the address.
 */
@WebServlet(UnsubscribeServlet.PATTERN)
public class UnsubscribeServlet extends HttpServlet {

    static final String PATTERN = "/unsubscribe/*";

    @EJB
    private UnsubscribeLinks links;

    @Inject
    private RateLimiter limiter;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, true);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, boolean unsubscribe) throws IOException {
        Optional<String> token = token(request);
        if (token.isEmpty()) {
            send(request, response, UnsubscribePage.invalid());
            return;
        }
        String client = request.getRemoteAddr();
        long blocked = limiter.authenticationBlockedSeconds(client);
        if (blocked > 0) {
            response.setHeader("Retry-After", Long.toString(blocked));
            send(request, response, UnsubscribePage.tooManyAttempts());
            return;
        }
        Optional<UnsubscribeToken.Result> result = unsubscribe ? links.unsubscribe(token.get()) : links.check(token.get());
        send(request, response, page(result, unsubscribe));
        if (result.isPresent() && result.get().status() == UnsubscribeToken.Status.INVALID) {
            limiter.recordAuthenticationFailure(client);
        }
    }

    /** The page for what the token said (and, for a POST, did). */
    static UnsubscribePage.Page page(Optional<UnsubscribeToken.Result> result, boolean unsubscribed) {
        if (result.isEmpty()) {
            return UnsubscribePage.notEnabled();
        }
        UnsubscribeToken.Result r = result.get();
        if (r.status() == UnsubscribeToken.Status.EXPIRED) {
            return UnsubscribePage.expired();
        }
        if (r.status() != UnsubscribeToken.Status.VALID) {
            return UnsubscribePage.invalid();
        }
        return unsubscribed ? UnsubscribePage.unsubscribed(r.address(), r.category())
                : UnsubscribePage.confirm(r.address(), r.category());
    }

    /** The token: the one path segment after {@code /unsubscribe/}, if it has the form of one. */
    private static Optional<String> token(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.length() < 2 || info.indexOf('/', 1) >= 0) {
            return Optional.empty();
        }
        String token = info.substring(1);
        return UnsubscribeToken.looksLikeToken(token) ? Optional.of(token) : Optional.empty();
    }

    private static void send(HttpServletRequest request, HttpServletResponse response, UnsubscribePage.Page page) throws IOException {
        byte[] body = page.html().getBytes(StandardCharsets.UTF_8);
        response.setStatus(page.status());
        SecurityHeadersFilter.apply(request.isSecure(), UnsubscribePage.CONTENT_SECURITY_POLICY, response::setHeader);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
