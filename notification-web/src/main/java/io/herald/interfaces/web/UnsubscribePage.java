package io.herald.interfaces.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The small HTML pages of an unsubscribe link: the confirmation with its one button, the
 * answer after unsubscribing, and the refusals. Everything inserted is escaped; the address is
 * shown masked ({@code j***@e***.com}), never in full. The pages run no script: their
 * Content-Security-Policy ({@link #CONTENT_SECURITY_POLICY}) allows only their own style sheet
 * (by its hash) and a form posting back to the same origin.
 */
public final class UnsubscribePage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;"
            + "color:#222;line-height:1.5}button{font-size:1rem;padding:.5rem 1.25rem;cursor:pointer}";

    /** Nothing but the page's own style and a form posting to the same origin; no script, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private UnsubscribePage() {
    }

    /** A page to send: its HTTP status and HTML. */
    public record Page(int status, String html) {
    }

    /** The confirmation a GET shows: it changes nothing, the button does (link scanners only GET). */
    public static Page confirm(String address, String category) {
        return page(200, "Unsubscribe", "<p>Stop sending <strong>" + escape(category) + "</strong> mail to "
                + escape(mask(address)) + "?</p>\n"
                + "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    public static Page unsubscribed(String address, String category) {
        return page(200, "Unsubscribed", "<p>" + escape(mask(address)) + " will get no more <strong>" + escape(category)
                + "</strong> mail. Messages you asked for, such as receipts, still arrive.</p>");
    }

    public static Page invalid() {
        return page(400, "Link not valid", "<p>This unsubscribe link is not valid. Use the link in the most recent mail.</p>");
    }

    public static Page expired() {
        return page(400, "Link expired", "<p>This unsubscribe link has expired. Use the link in a more recent mail.</p>");
    }

    public static Page notEnabled() {
        return page(404, "Not found", "<p>Unsubscribe links are not enabled here.</p>");
    }

    public static Page tooManyAttempts() {
        return page(429, "Too many attempts", "<p>Too many invalid links from your address. Try again in a minute.</p>");
    }

    private static Page page(int status, String title, String body) {
        return new Page(status, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head>\n<body><h1>" + escape(title) + "</h1>\n"
                + body + "\n</body></html>\n");
    }

    /**
     * An address as the page shows it: the first character of the local part and of the domain,
     * and the top-level domain ({@code jane.doe@example.com} → {@code j***@e***.com}).
     */
    static String mask(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return "***";
        }
        String domain = address.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        String tld = dot > 0 && dot < domain.length() - 1 ? domain.substring(dot) : "";
        return address.charAt(0) + "***@" + domain.charAt(0) + "***" + tld;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
