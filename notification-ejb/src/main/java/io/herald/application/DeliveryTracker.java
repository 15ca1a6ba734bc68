package io.herald.application;

import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.template.Template;
import io.herald.infrastructure.persistence.jpa.JpaTemplateRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps a notification's row and event history in step with its delivery.
 *
 * <p>{@link #startAttempt} commits on its own ({@code REQUIRES_NEW}): the attempt is counted and
 * PROCESSING is visible even if the consumer's transaction later rolls back (poison message,
 * crash). The {@code record*} methods join the consumer's transaction, so the outcome is
 * committed together with the acknowledgement of the JMS message (and any retry message). A
 * terminal status queues its status callback in that same transaction.
 */
@Stateless
public class DeliveryTracker {

    @Inject
    private NotificationRepository notifications;

    @Inject
    private JpaTemplateRepository templates;

    @Inject
    private TemplateRenderer renderer;

    @EJB
    private DeliveryQueue queue;

    @Inject
    @ConfigProperty(name = "herald.callback.default-url")
    private Optional<String> defaultCallbackUrl;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public AttemptStart startAttempt(long notificationId) {
        Optional<EmailLog> found = notifications.findForUpdate(notificationId);
        if (found.isEmpty()) {
            return new AttemptStart(AttemptStart.Kind.NOT_FOUND, null, null);
        }
        EmailLog log = found.get();
        if (log.getStatus().isTerminal()) {
            return new AttemptStart(AttemptStart.Kind.ALREADY_FINISHED, null, log.getStatus());
        }
        OffsetDateTime now = now();
        log.startAttempt(now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.ATTEMPT_STARTED,
                "attempt " + log.getAttempts(), null, now));

        Optional<Template> template = templates.latest(log.getTemplateCode(), log.getTemplateLanguage());
        if (template.isEmpty()) {
            return failBeforeSend(log, "template '" + log.getTemplateCode() + "' (" + log.getTemplateLanguage()
                    + ") no longer exists", now);
        }
        RenderedEmail content;
        try {
            content = renderer.render(template.get(), log.getVariables());
        } catch (TemplateRenderingException e) {
            return failBeforeSend(log, e.getMessage(), now);
        }
        OutgoingEmail email = new OutgoingEmail(log.getId(), log.getRequestId(), log.getCorrelationId(),
                log.getToEmail(), content, log.getAttempts(), template.get().getVersion(), log.getPriority() - 1);
        return new AttemptStart(AttemptStart.Kind.READY, email, log.getStatus());
    }

    public void recordDelivered(long notificationId, Integer templateVersion, String detail, Long durationMs) {
        EmailLog log = load(notificationId);
        OffsetDateTime now = now();
        log.markDelivered(templateVersion, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.DELIVERED, detail, durationMs, now));
        scheduleCallback(log);
    }

    public void recordFailed(long notificationId, String reason, Long durationMs) {
        EmailLog log = load(notificationId);
        OffsetDateTime now = now();
        log.markFailed(reason, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.FAILED, reason, durationMs, now));
        scheduleCallback(log);
    }

    /**
     * What to POST for a notification's terminal status, or empty when it has no callback URL
     * (neither its own nor a configured default) or is not terminal.
     *
     * <p>Reads with a row lock in its own short transaction: in the second phase of the XA
     * commit that queued the callback, the broker may make the message visible before
     * PostgreSQL has committed the status. A prepared transaction keeps its row locks until it
     * commits, so the locking read waits for it instead of seeing the stale status.
     *
     * <p>None for a redacted notification: its own callback URL is gone, and the default one
     * was not its destination.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<CallbackRequest> callbackFor(long notificationId) {
        return notifications.findForUpdate(notificationId)
                .filter(log -> log.getStatus().isTerminal() && !log.isRedacted())
                .flatMap(log -> callbackUrl(log).map(url -> CallbackRequest.of(log, url)));
    }

    public void recordCallback(long notificationId, DeliveryEvent.Type type, String detail, Long durationMs) {
        notifications.addEvent(new DeliveryEvent(load(notificationId), type, detail, durationMs, now()));
    }

    /** Terminal status reached: queue its callback in the same transaction. */
    private void scheduleCallback(EmailLog log) {
        if (callbackUrl(log).isPresent()) {
            queue.enqueue(Channel.CALLBACK, new DeliveryCommand(log.getId(), DeliveryCommand.CALLBACK, log.getCorrelationId()), 1, 4, 0);
        }
    }

    private Optional<String> callbackUrl(EmailLog log) {
        return log.getCallbackUrl() != null ? Optional.of(log.getCallbackUrl())
                : defaultCallbackUrl.filter(url -> !url.isBlank());
    }

    public void recordRetry(long notificationId, String reason, OffsetDateTime nextAttemptAt, Long durationMs) {
        EmailLog log = load(notificationId);
        OffsetDateTime now = now();
        log.scheduleRetry(reason, nextAttemptAt, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.RETRY_SCHEDULED,
                reason + "; next attempt at " + nextAttemptAt, durationMs, now));
    }

    /** Like {@link #recordRetry}, for an attempt that never reached the server: not counted. */
    public void recordDeferral(long notificationId, String reason, OffsetDateTime nextAttemptAt) {
        EmailLog log = load(notificationId);
        OffsetDateTime now = now();
        log.deferAttempt(reason, nextAttemptAt, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.RETRY_SCHEDULED,
                reason + "; attempt not counted; next try at " + nextAttemptAt, null, now));
    }

    /** One line per failed or retried attempt on the channel, oldest first, for the dead-letter copy. */
    public java.util.List<String> failureHistory(long notificationId, Channel channel) {
        java.util.Set<DeliveryEvent.Type> failures = channel == Channel.CALLBACK
                ? java.util.EnumSet.of(DeliveryEvent.Type.CALLBACK_RETRY_SCHEDULED, DeliveryEvent.Type.CALLBACK_FAILED)
                : java.util.EnumSet.of(DeliveryEvent.Type.RETRY_SCHEDULED, DeliveryEvent.Type.FAILED);
        return notifications.events(notificationId).stream()
                .filter(e -> failures.contains(e.getType()))
                .map(e -> e.getOccurredAt().toInstant() + " " + e.getType() + ": " + e.getDetail())
                .toList();
    }

    private AttemptStart failBeforeSend(EmailLog log, String reason, OffsetDateTime now) {
        log.markFailed(reason, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.FAILED, reason, null, now));
        scheduleCallback(log);
        return new AttemptStart(AttemptStart.Kind.FAILED_BEFORE_SEND, null, log.getStatus());
    }

    private EmailLog load(long notificationId) {
        return notifications.find(notificationId)
                .orElseThrow(() -> new IllegalStateException("notification " + notificationId + " vanished"));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
