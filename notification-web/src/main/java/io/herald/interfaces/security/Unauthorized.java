package io.herald.interfaces.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The one 401 answer: it never says whether a key exists. */
public final class Unauthorized {

    public static final String BODY = "{\"type\":\"/problems/unauthorized\",\"title\":\"Authentication required\","
            + "\"status\":401,\"detail\":\"send a valid API key as 'Authorization: Bearer <key>'\"}";
    public static final String CHALLENGE = "Bearer realm=\"herald\"";

    private Unauthorized() {
    }

    static void write(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", CHALLENGE);
        response.setContentType("application/problem+json");
        byte[] body = BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
