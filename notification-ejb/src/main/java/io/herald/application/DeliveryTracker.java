package io.herald.application;

import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.template.Template;
import io.herald.infrastructure.persistence.jpa.JpaNotificationRepository;
import io.herald.infrastructure.persistence.jpa.JpaTemplateRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Keeps a notification's row and event history in step with its delivery.
 *
 * <p>{@link #startAttempt} commits on its own ({@code REQUIRES_NEW}): the attempt is counted and
 * PROCESSING is visible even if the consumer's transaction later rolls back (poison message,
 * crash). The {@code record*} methods join the consumer's transaction, so the outcome is
 * committed together with the acknowledgement of the JMS message (and any retry message).
 */
@Stateless
public class DeliveryTracker {

    @Inject
    private JpaNotificationRepository notifications;

    @Inject
    private JpaTemplateRepository templates;

    @Inject
    private TemplateRenderer renderer;

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

    public void recordDelivered(long notificationId, int templateVersion, String smtpReply, long durationMs) {
        EmailLog log = load(notificationId);
        OffsetDateTime now = now();
        log.markDelivered(templateVersion, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.DELIVERED, smtpReply, durationMs, now));
    }

    public void recordFailed(long notificationId, String reason, Long durationMs) {
        EmailLog log = load(notificationId);
        OffsetDateTime now = now();
        log.markFailed(reason, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.FAILED, reason, durationMs, now));
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

    private AttemptStart failBeforeSend(EmailLog log, String reason, OffsetDateTime now) {
        log.markFailed(reason, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.FAILED, reason, null, now));
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
