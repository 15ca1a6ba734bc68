package io.herald.application;

import io.herald.domain.model.suppression.SuppressionReason;
import io.herald.domain.model.suppression.UnsubscribeToken;
import io.herald.domain.model.template.Template;
import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One-click unsubscribe links (RFC 8058) for mail that is not transactional: makes the link a
 * delivery puts into {@code List-Unsubscribe} and {@code {{unsubscribe_url}}}, and turns a
 * followed link into an {@code UNSUBSCRIBE} suppression of its category (source
 * {@value #SOURCE}). The link is {@code <herald.public-url>/unsubscribe/<token>}, the token an
 * {@link UnsubscribeToken} valid for {@code herald.unsubscribe.ttl-days} (90).
 *
 * <p>Off unless {@code herald.unsubscribe.secret} (at least 32 characters; give it as the
 * environment variable {@code HERALD_UNSUBSCRIBE_SECRET}) and {@code herald.public-url} are set:
 * then no mail carries a link and {@code {{unsubscribe_url}}} renders empty. A secret is not
 * generated: it would have to be stored and shared by every instance, and a link must keep
 * working after a restart. One line at start-up says whether links are on and, if not, why.
 * Links made with a secret stop working when it changes.
 *
 * <p>A startup singleton so that the line is written when the application starts; it holds no
 * state that changes, so calls run concurrently and join no transaction but the suppression's.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class UnsubscribeLinks {

    public static final String SECRET = "herald.unsubscribe.secret";
    public static final String TTL_DAYS = "herald.unsubscribe.ttl-days";
    public static final String PUBLIC_URL = "herald.public-url";
    /** Where the web module serves the links, below the public URL. */
    public static final String PATH = "/unsubscribe/";
    /** The source recorded on suppressions made by a link. */
    public static final String SOURCE = "one-click";
    static final int MAX_TTL_DAYS = 3650;

    private static final Log LOG = Log.of(UnsubscribeLinks.class);

    @Inject
    @ConfigProperty(name = SECRET)
    Optional<String> secret;

    @Inject
    @ConfigProperty(name = TTL_DAYS, defaultValue = "90")
    int ttlDays;

    @Inject
    @ConfigProperty(name = PUBLIC_URL)
    Optional<String> publicUrl;

    @EJB
    SuppressionService suppressions;

    Clock clock = Clock.systemUTC();

    /** Null when no usable secret is configured: no link is made or accepted. */
    private UnsubscribeToken tokens;
    /** The public URL without a trailing slash; null when links are not made. */
    private String base;
    private Duration ttl;

    @PostConstruct
    void start() {
        tokens = null;
        base = null;
        String problem = configure();
        if (problem == null) {
            LOG.info(() -> "one-click unsubscribe links are on: non-transactional mail carries List-Unsubscribe "
                    + base + PATH + "… (and {{unsubscribe_url}}), valid " + ttlDays + " days");
        } else {
            LOG.info(() -> "one-click unsubscribe links are off: " + problem
                    + "; non-transactional mail has no List-Unsubscribe header and {{unsubscribe_url}} renders empty");
        }
    }

    /** Sets up what the configuration allows; the reason links are off, or null when they are on. */
    private String configure() {
        String configuredSecret = secret == null ? null : secret.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (configuredSecret == null) {
            return SECRET + " is not set";
        }
        if (configuredSecret.length() < UnsubscribeToken.MIN_SECRET_LENGTH) {
            LOG.warning(SECRET + " is shorter than " + UnsubscribeToken.MIN_SECRET_LENGTH + " characters and is not used");
            return SECRET + " is too short";
        }
        if (ttlDays < 1 || ttlDays > MAX_TTL_DAYS) {
            LOG.warning(TTL_DAYS + " must be 1.." + MAX_TTL_DAYS + " (is " + ttlDays + ")");
            return TTL_DAYS + " is out of range";
        }
        tokens = new UnsubscribeToken(configuredSecret);
        ttl = Duration.ofDays(ttlDays);
        Optional<String> url = publicUrl == null ? Optional.empty() : publicUrl.map(String::strip).filter(s -> !s.isEmpty());
        if (url.isEmpty()) {
            return PUBLIC_URL + " is not set (links already sent are still honoured)";
        }
        Optional<String> checked = baseUrl(url.get());
        if (checked.isEmpty()) {
            LOG.warning(PUBLIC_URL + " must be an absolute http(s) URL without user information, query or fragment,"
                    + " e.g. https://herald.example.com");
            return PUBLIC_URL + " is not a usable URL (links already sent are still honoured)";
        }
        base = checked.get();
        return null;
    }

    /** The public base URL without a trailing slash, or empty when it is not an absolute http(s) URL. */
    static Optional<String> baseUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                return Optional.empty();
            }
            String s = uri.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return Optional.of(s);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * The unsubscribe link for mail of this category to this address; empty for transactional
     * mail, when links are off, or when the address cannot have one.
     */
    public Optional<String> urlFor(String address, String category) {
        if (base == null || category == null || Template.TRANSACTIONAL.equals(category)) {
            return Optional.empty();
        }
        try {
            return Optional.of(base + PATH + tokens.issue(address, category, clock.instant().plus(ttl)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What a link's token says, changing nothing; empty when no secret is configured to check it with. */
    public Optional<UnsubscribeToken.Result> check(String token) {
        return tokens == null ? Optional.empty() : Optional.of(tokens.verify(token, clock.instant()));
    }

    /**
     * Follows a link: a valid token puts its address on the suppression list for its category
     * ({@code UNSUBSCRIBE}, source {@value #SOURCE}; following it again changes nothing). An
     * invalid or expired token changes nothing.
     *
     * @return what the token said; empty when no secret is configured to check it with
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<UnsubscribeToken.Result> unsubscribe(String token) {
        Optional<UnsubscribeToken.Result> result = check(token);
        result.filter(UnsubscribeToken.Result::isValid)
                .ifPresent(r -> suppressions.add(r.address(), SuppressionReason.UNSUBSCRIBE, r.category(), SOURCE));
        return result;
    }
}
