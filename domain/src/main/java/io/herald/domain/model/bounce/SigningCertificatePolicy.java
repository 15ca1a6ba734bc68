package io.herald.domain.model.bounce;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which URLs an SNS message may send Herald to: the {@code SigningCertURL} whose certificate
 * checks its signature, and the {@code SubscribeURL} a confirmation is fetched from. Only
 * {@code https}, no user info, on a host matching the configured pattern (by default Amazon's
 * {@code sns.<region>.amazonaws.com}, and {@code .com.cn} in China). A URL with an explicit port
 * must match with it ({@code host:port}), so the default pattern allows only 443. Without this, a
 * forged message could name a certificate of its own, or make Herald fetch any URL.
 */
public final class SigningCertificatePolicy {

    /** Amazon's SNS endpoints. */
    public static final String DEFAULT_HOST_PATTERN = "sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?";

    private final Pattern hosts;

    /** @throws IllegalArgumentException when the pattern is not a valid regular expression */
    public SigningCertificatePolicy(String hostPattern) {
        try {
            this.hosts = Pattern.compile(Objects.requireNonNull(hostPattern, "hostPattern"), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid host pattern: " + e.getDescription());
        }
    }

    /** Whether Herald may fetch this URL for an SNS message. */
    public boolean allows(String url) {
        if (url == null || url.length() > 2048) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawUserInfo() != null || uri.getHost() == null
                || uri.getRawAuthority() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String authority = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        // the authority as parsed must be what was sent (no tricks the parser reads differently)
        if (!uri.getRawAuthority().toLowerCase(Locale.ROOT).equals(authority)) {
            return false;
        }
        return hosts.matcher(authority).matches();
    }
}
