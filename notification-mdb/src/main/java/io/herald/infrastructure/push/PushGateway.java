package io.herald.infrastructure.push;

import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Hands push messages to Firebase Cloud Messaging (HTTP v1 API, no Admin SDK), one device per
 * call, with the service account in {@code herald.push.fcm.credentials-file} (environment:
 * {@code HERALD_PUSH_FCM_CREDENTIALS_FILE}). The file is read on first use and again whenever
 * its modification time or size changes, so a rotated key is picked up without a restart (a new
 * access token is fetched with it). {@code herald.push.fcm.endpoint} (default
 * {@code https://fcm.googleapis.com}), {@code herald.push.fcm.connect-timeout-ms} (5000) and
 * {@code herald.push.fcm.request-timeout-ms} (10000) tune the HTTP side.
 *
 * <p>Fault tolerance, as for {@code MailGateway}: {@code @Timeout} bounds the whole call
 * (token fetch, send, one retry after a 401); {@code @Retry} repeats once when FCM could not be
 * asked at all; {@code @CircuitBreaker} counts only that ({@link FcmUnavailableException},
 * timeouts), never an answer about one message or device. Longer waits are the caller's, by
 * the delivery core's delayed retries. All are tunable through MicroProfile Config, e.g.
 * {@value #BREAKER_DELAY_PROPERTY}.
 */
@ApplicationScoped
public class PushGateway {

    /** How long the breaker stays open unless configured otherwise; also how long callers defer when it is. */
    public static final long BREAKER_DELAY_MS = 10_000;
    /** The MicroProfile Fault Tolerance property that overrides {@link #BREAKER_DELAY_MS} (milliseconds). */
    public static final String BREAKER_DELAY_PROPERTY = "io.herald.infrastructure.push.PushGateway/send/CircuitBreaker/delay";

    private static final Log LOG = Log.of(PushGateway.class);

    /** The client for one version of the credentials file, or why that version is unusable. */
    private record Loaded(Path path, FileTime modified, long size, FcmClient client, String problem) {
        boolean isFor(Path p, BasicFileAttributes attributes) {
            return path.equals(p) && modified.equals(attributes.lastModifiedTime()) && size == attributes.size();
        }
    }

    @Inject
    @ConfigProperty(name = "herald.push.fcm.credentials-file")
    private Optional<String> credentialsFile;

    @Inject
    @ConfigProperty(name = "herald.push.fcm.endpoint", defaultValue = "https://fcm.googleapis.com")
    private String endpoint;

    @Inject
    @ConfigProperty(name = "herald.push.fcm.connect-timeout-ms", defaultValue = "5000")
    private long connectTimeoutMs;

    @Inject
    @ConfigProperty(name = "herald.push.fcm.request-timeout-ms", defaultValue = "10000")
    private long requestTimeoutMs;

    @Inject
    private MetricRegistry metrics;

    private URI endpointUri;
    private HttpClient http;
    private Clock clock = Clock.systemUTC();
    private final Object loadLock = new Object();
    private volatile Loaded loaded;

    public PushGateway() {
    }

    /** Outside the container (tests): the configuration given, no metrics, no fault tolerance. */
    PushGateway(Optional<String> credentialsFile, String endpoint, Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.credentialsFile = credentialsFile;
        this.endpoint = endpoint;
        this.connectTimeoutMs = connectTimeout.toMillis();
        this.requestTimeoutMs = requestTimeout.toMillis();
        this.clock = clock;
        start();
    }

    @PostConstruct
    void start() {
        endpointUri = URI.create(endpoint.strip());
        FcmClient.sendUri(endpointUri, "check"); // refuses a malformed endpoint at start-up
        http = FcmClient.httpClient(Duration.ofMillis(connectTimeoutMs));
    }

    /** Whether a credentials file is configured (not whether it is usable: {@link #send} says that). */
    public boolean isConfigured() {
        return configuredPath().isPresent();
    }

    /**
     * Sends one message to one device.
     *
     * @throws PushNotConfiguredException no credentials file is configured
     * @throws FcmUnavailableException    FCM or its token endpoint could not be asked, or the
     *                                    credentials file is unreadable or invalid
     */
    @Timeout(value = 30, unit = java.time.temporal.ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = FcmUnavailableException.class,
            abortOn = PushNotConfiguredException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = BREAKER_DELAY_MS, successThreshold = 1,
            failOn = {FcmUnavailableException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    public FcmResult send(FcmMessage message) {
        Objects.requireNonNull(message, "message");
        FcmClient client = client();
        Timer.Context timing = metrics == null ? null : metrics.timer("notification.push.send.duration").time();
        try {
            return client.send(message);
        } finally {
            if (timing != null) {
                timing.stop();
            }
        }
    }

    private Optional<Path> configuredPath() {
        return credentialsFile == null ? Optional.empty()
                : credentialsFile.map(String::strip).filter(s -> !s.isEmpty()).map(Path::of);
    }

    /** The client for the credentials file as it is now: loaded on first use and after every change. */
    FcmClient client() {
        Path path = configuredPath().orElseThrow(() -> new PushNotConfiguredException(
                "push is not configured: set herald.push.fcm.credentials-file (HERALD_PUSH_FCM_CREDENTIALS_FILE)"));
        BasicFileAttributes attributes = attributes(path);
        Loaded current = loaded;
        if (current == null || !current.isFor(path, attributes)) {
            synchronized (loadLock) {
                current = loaded;
                if (current == null || !current.isFor(path, attributes)) {
                    current = load(path, attributes, current);
                    loaded = current;
                }
            }
        }
        if (current.client() == null) {
            throw new FcmUnavailableException(current.problem());
        }
        return current.client();
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new FcmUnavailableException("FCM credentials file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Loaded load(Path path, BasicFileAttributes attributes, Loaded previous) {
        try {
            FcmCredentials credentials = FcmCredentials.load(path);
            FcmClient client = new FcmClient(credentials, endpointUri, http, Duration.ofMillis(requestTimeoutMs), clock);
            LOG.info(() -> (previous == null ? "FCM credentials loaded: " : "FCM credentials reloaded: ") + credentials);
            return new Loaded(path, attributes.lastModifiedTime(), attributes.size(), client, null);
        } catch (InvalidFcmCredentialsException e) {
            // logged once per version of the file; the message names a field, never a value
            LOG.warning(() -> "FCM credentials unusable: " + e.getMessage());
            return new Loaded(path, attributes.lastModifiedTime(), attributes.size(), null, e.getMessage());
        }
    }
}
