package io.herald.application;

import io.herald.domain.model.bounce.BounceReport;
import io.herald.domain.model.bounce.InvalidSnsMessageException;
import io.herald.domain.model.bounce.SesNotifications;
import io.herald.domain.model.bounce.SigningCertificatePolicy;
import io.herald.domain.model.bounce.SnsMessage;
import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Amazon SES bounce and complaint notifications, delivered by SNS to
 * {@code POST /api/v1/webhooks/ses}. Nothing changes unless the message is from an allowed topic
 * ({@code herald.ses.topic-arns}, none by default) and carries a valid signature by the
 * certificate at its {@code SigningCertURL}, which must be an https URL on an allowed host
 * ({@code herald.sns.host-pattern}, by default Amazon's {@code sns.<region>.amazonaws.com}).
 * Then a {@code SubscriptionConfirmation} is confirmed (its {@code SubscribeURL} must pass the
 * same host check), and a {@code Notification} is read as SES's and recorded by
 * {@link BounceService}.
 *
 * <p>Runs without a transaction: the certificate fetch and the confirmation are network calls,
 * and the recording is its own transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SesWebhookService {

    private static final Log LOG = Log.of(SesWebhookService.class);

    @Inject
    @ConfigProperty(name = "herald.ses.topic-arns")
    private Optional<String> topicArns;

    @Inject
    @ConfigProperty(name = "herald.sns.host-pattern", defaultValue = SigningCertificatePolicy.DEFAULT_HOST_PATTERN)
    private String hostPattern;

    @Inject
    private SnsEndpoints sns;

    @EJB
    private BounceService bounces;

    private Set<String> allowedTopics;
    private SigningCertificatePolicy urls;

    @PostConstruct
    void init() {
        allowedTopics = topicArns.map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
        urls = new SigningCertificatePolicy(hostPattern);
    }

    /** Checks and handles one message; never throws for anything the sender got wrong. */
    public Handled handle(jakarta.json.JsonObject body) {
        try {
            return new Handled(check(body), null);
        } catch (InvalidSnsMessageException e) {
            return new Handled(Outcome.MALFORMED, e.getMessage());
        } catch (SnsEndpoints.Unavailable e) {
            return new Handled(Outcome.SNS_UNAVAILABLE, e.getMessage());
        }
    }

    private Outcome check(jakarta.json.JsonObject body) {
        SnsMessage message = SnsMessage.parse(body);
        if (!allowedTopics.contains(message.topicArn())) {
            LOG.warning(() -> "SNS message " + safe(message.messageId()) + " refused: its topic is not in herald.ses.topic-arns"
                    + (allowedTopics.isEmpty() ? " (none is set)" : ""));
            return Outcome.TOPIC_NOT_ALLOWED;
        }
        if (!urls.allows(message.signingCertUrl())) {
            LOG.warning(() -> "SNS message " + safe(message.messageId()) + " refused: its SigningCertURL is not https on a host matching herald.sns.host-pattern");
            return Outcome.CERTIFICATE_URL_NOT_ALLOWED;
        }
        PublicKey key = sns.signingKey(message.signingCertUrl());
        if (!message.isSignedBy(key)) {
            LOG.warning(() -> "SNS message " + safe(message.messageId()) + " refused: its signature does not verify");
            return Outcome.BAD_SIGNATURE;
        }
        return switch (message.type()) {
            case SUBSCRIPTION_CONFIRMATION -> confirm(message);
            case UNSUBSCRIBE_CONFIRMATION -> {
                LOG.info(() -> "SNS: the subscription to an allowed topic was removed (message " + safe(message.messageId()) + ")");
                yield Outcome.UNSUBSCRIBED;
            }
            case NOTIFICATION -> {
                Optional<BounceReport> report = SesNotifications.parse(message.message());
                if (report.isEmpty()) {
                    yield Outcome.IGNORED;
                }
                bounces.record(report.get());
                yield Outcome.RECORDED;
            }
        };
    }

    private Outcome confirm(SnsMessage message) {
        if (!urls.allows(message.subscribeUrl())) {
            LOG.warning(() -> "SNS subscription confirmation " + safe(message.messageId()) + " refused: its SubscribeURL is not https on an allowed host");
            return Outcome.SUBSCRIBE_URL_NOT_ALLOWED;
        }
        sns.confirmSubscription(message.subscribeUrl());
        LOG.info(() -> "AUDIT SNS subscription confirmed for an allowed topic (message " + safe(message.messageId()) + ")");
        return Outcome.CONFIRMED;
    }

    /** A message id for a log line: SNS's are UUIDs; anything else is not echoed. */
    private static String safe(String messageId) {
        return messageId.matches("[A-Za-z0-9-]{1,64}") ? messageId : "(malformed id)";
    }

    /** What became of a message, and for {@code MALFORMED} and {@code SNS_UNAVAILABLE} why. */
    public record Handled(Outcome outcome, String detail) {
    }

    /**
     * What became of a message. Only {@code CONFIRMED}, {@code UNSUBSCRIBED}, {@code RECORDED}
     * and {@code IGNORED} passed every check; for every other outcome nothing changed.
     */
    public enum Outcome {
        /** Not an SNS message: a field its signature covers is missing, or the SES notification is not one. */
        MALFORMED,
        /** From a topic not in {@code herald.ses.topic-arns}. */
        TOPIC_NOT_ALLOWED,
        /** Its {@code SigningCertURL} is not https on an allowed host. */
        CERTIFICATE_URL_NOT_ALLOWED,
        /** The signature is not the certificate's. */
        BAD_SIGNATURE,
        /** A confirmation whose {@code SubscribeURL} is not https on an allowed host. */
        SUBSCRIBE_URL_NOT_ALLOWED,
        /** The certificate could not be fetched, or the confirmation failed: SNS may send it again. */
        SNS_UNAVAILABLE,
        /** A subscription to an allowed topic was confirmed. */
        CONFIRMED,
        /** A subscription was removed (nothing to do). */
        UNSUBSCRIBED,
        /** A bounce or complaint was recorded. */
        RECORDED,
        /** A signed SES notification of another type (a delivery, say): nothing to do. */
        IGNORED
    }
}
