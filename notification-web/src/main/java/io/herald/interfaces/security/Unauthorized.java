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

    /** 429 after too many failed authentications from one address; the credential was not checked. */
    static void writeTooManyFailures(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        write(response, 429, "Retry-After", Long.toString(retryAfterSeconds),
                "{\"type\":\"/problems/too-many-failed-authentications\",\"title\":\"Too many failed authentications\","
                        + "\"status\":429,\"detail\":\"too many invalid credentials from this address; try again after "
                        + retryAfterSeconds + " s\"}");
    }

    static void write(HttpServletResponse response) throws IOException {
        write(response, HttpServletResponse.SC_UNAUTHORIZED, "WWW-Authenticate", CHALLENGE, BODY);
    }

    private static void write(HttpServletResponse response, int status, String header, String value, String json)
            throws IOException {
        response.setStatus(status);
        response.setHeader(header, value);
        response.setContentType("application/problem+json");
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
