package io.herald.application;

import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.delivery.SendOutcome;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.suppression.Suppression;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.template.Template;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
    private TemplateCatalog catalog;

    @Inject
    private UserDirectory users;

    @EJB
    private SuppressionService suppressions;

    @Inject
    private TemplateRenderer renderer;

    @EJB
    private UnsubscribeLinks unsubscribeLinks;

    @EJB
    private DeliveryQueue queue;

    @Inject
    private BatchStore batches;

    @Inject
    @ConfigProperty(name = "herald.callback.default-url")
    private Optional<String> defaultCallbackUrl;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public AttemptStart startAttempt(long notificationId) {
        Optional<EmailLog> found = notifications.findForUpdate(notificationId);
        if (found.isEmpty()) {
            return AttemptStart.of(AttemptStart.Kind.NOT_FOUND, null);
        }
        return begin(found.get(), suppressions::blocking);
    }

    /**
     * {@link #startAttempt} for a chunk of a batch, in one transaction: the rows are locked in id
     * order with one query, and their addresses checked against the suppression list with
     * another. The batch is noted as started.
     *
     * @return one start per id, in the order given (NOT_FOUND for ids not visible yet)
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<AttemptStart> startAttempts(long batchId, List<Long> notificationIds) {
        java.util.Map<Long, EmailLog> rows = notifications.findAllForUpdate(notificationIds);
        if (rows.isEmpty()) {
            return notificationIds.stream().map(id -> AttemptStart.of(AttemptStart.Kind.NOT_FOUND, null)).toList();
        }
        batches.markStarted(batchId, now());
        SuppressionService.Check check = suppressions.checkFor(rows.values().stream()
                .map(EmailLog::getToEmail).filter(a -> a != null).toList());
        List<AttemptStart> starts = new java.util.ArrayList<>(notificationIds.size());
        for (Long id : notificationIds) {
            EmailLog log = rows.get(id);
            starts.add(log == null ? AttemptStart.of(AttemptStart.Kind.NOT_FOUND, null) : begin(log, check));
        }
        return starts;
    }

    /**
     * Loads these notifications into the transaction's persistence context, so that recording
     * the outcomes of a chunk reads them with one query instead of one each.
     */
    public void preload(List<Long> notificationIds) {
        notifications.findAll(notificationIds);
    }

    private AttemptStart begin(EmailLog log, SuppressionService.Check suppressionCheck) {
        if (log.getStatus().isTerminal()) {
            return AttemptStart.of(AttemptStart.Kind.ALREADY_FINISHED, log.getStatus());
        }
        OffsetDateTime now = now();
        Channel channel = Channel.fromWireName(log.getChannel()).orElse(Channel.EMAIL);
        Resolution resolution = resolve(log, channel);
        if (resolution.skipReason() != null) {
            log.markSkipped(resolution.skipReason(), now);
            notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.SKIPPED, resolution.skipReason(), null, now));
            scheduleCallback(log);
            return AttemptStart.of(AttemptStart.Kind.FINISHED_BEFORE_SEND, log.getStatus());
        }
        log.startAttempt(now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.ATTEMPT_STARTED,
                "attempt " + log.getAttempts(), null, now));
        if (resolution.failReason() != null) {
            return failBeforeSend(log, resolution.failReason(), now);
        }
        if (resolution.language() != null && !resolution.language().equals(log.getTemplateLanguage())) {
            log.useLanguage(resolution.language());
        }

        TemplateLookup lookup = catalog.lookup(log.getTemplateCode(), log.getTemplateLanguage());
        Optional<Template> template = lookup.template();
        if (lookup.fallback()) {
            notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.TEMPLATE_FALLBACK, "the template store could not be"
                    + " read; rendered with version " + template.map(Template::getVersion).orElse(0) + ", the last one this instance knew",
                    null, now));
        }
        if (template.isEmpty()) {
            return failBeforeSend(log, "template '" + log.getTemplateCode() + "' (" + log.getTemplateLanguage()
                    + ") no longer exists", now);
        }
        if (!channel.wireName().equals(template.get().getChannel())) {
            return failBeforeSend(log, "template '" + log.getTemplateCode() + "' is now a " + template.get().getChannel()
                    + " template", now);
        }
        try {
            if (channel == Channel.PUSH) {
                RenderedPush content = renderer.renderPush(template.get(), log.getVariables());
                if (content.payloadBytes() > MAX_PUSH_PAYLOAD_BYTES) {
                    return failBeforeSend(log, "push payload is " + content.payloadBytes() + " bytes; FCM takes at most "
                            + MAX_PUSH_PAYLOAD_BYTES, now);
                }
                return AttemptStart.ready(new OutgoingPush(log.getId(), log.getOwner(), log.getUserId(), content,
                        resolution.devices(), log.getAttempts(), template.get().getVersion(), log.getPriority() - 1), log.getStatus());
            }
            String recipient = log.getToEmail() != null ? log.getToEmail() : resolution.address();
            String category = log.categoryOr(template.get().getCategory());
            Optional<Suppression> suppressed = suppressionCheck.blocking(recipient, category);
            if (suppressed.isPresent()) {
                return suppress(log, suppressed.get(), category, now);
            }
            String unsubscribeUrl = unsubscribeLinks.urlFor(recipient, category).orElse(null);
            RenderedEmail content = renderer.render(template.get(), log.getVariables(), unsubscribeUrl);
            return AttemptStart.ready(new OutgoingEmail(log.getId(), log.getRequestId(), log.getCorrelationId(),
                    recipient, content, log.getAttempts(), template.get().getVersion(), log.getPriority() - 1, unsubscribeUrl),
                    log.getStatus());
        } catch (TemplateRenderingException e) {
            return failBeforeSend(log, e.getMessage(), now);
        }
    }

    /** FCM's limit on a message's payload. */
    public static final int MAX_PUSH_PAYLOAD_BYTES = 4096;

    /**
     * What the user directory says about this attempt: skip (the user turned the channel off),
     * fail (no address or device, the user is gone), or the address / devices and language to
     * use. A notification with its own address needs no lookup.
     */
    private Resolution resolve(EmailLog log, Channel channel) {
        boolean needsUser = log.getUserId() != null && (channel == Channel.PUSH || log.getToEmail() == null);
        if (!needsUser) {
            return new Resolution(null, null, null, List.of(), null);
        }
        Optional<UserProfile> found = users.find(log.getOwner(), log.getUserId());
        if (found.isEmpty()) {
            return Resolution.fail("the user no longer exists");
        }
        UserProfile user = found.get();
        String language = log.getRequestedLanguage() != null ? null
                : languageWithTemplate(log.getTemplateCode(), user.language());
        if (channel == Channel.PUSH) {
            if (!user.pushEnabled()) {
                return Resolution.skip("the user turned push notifications off");
            }
            if (user.devices().isEmpty()) {
                return Resolution.fail("the user has no registered device");
            }
            return new Resolution(null, null, null,
                    user.devices().stream().map(d -> new PushDevice(d.token(), d.platform().wireName())).toList(), language);
        }
        if (!user.emailEnabled()) {
            return Resolution.skip("the user turned email off");
        }
        if (user.email() == null) {
            return Resolution.fail("the user has no email address");
        }
        return new Resolution(null, null, user.email(), List.of(), language);
    }

    /** The user's language if the template exists in it, else null (keep the default). */
    private String languageWithTemplate(String templateCode, String userLanguage) {
        if (userLanguage == null) {
            return null;
        }
        return catalog.lookup(templateCode, userLanguage).template().isPresent() ? userLanguage : null;
    }

    private record Resolution(String skipReason, String failReason, String address, List<PushDevice> devices, String language) {
        static Resolution skip(String reason) {
            return new Resolution(reason, null, null, List.of(), null);
        }

        static Resolution fail(String reason) {
            return new Resolution(null, reason, null, List.of(), null);
        }
    }

    public void recordDelivered(long notificationId, Integer templateVersion, String detail, Long durationMs) {
        delivered(notificationId, templateVersion, detail, durationMs, now());
    }

    /**
     * {@link #recordDelivered} for the delivered members of a batch chunk, in one call: the same
     * status, event and callback for each, without a container round trip per member.
     */
    public void recordAllDelivered(List<Delivered> members) {
        OffsetDateTime now = now();
        for (Delivered d : members) {
            delivered(d.notificationId(), d.templateVersion(), d.detail(), d.durationMs(), now);
        }
    }

    private void delivered(long notificationId, Integer templateVersion, String detail, Long durationMs, OffsetDateTime now) {
        EmailLog log = load(notificationId);
        log.markDelivered(templateVersion, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.DELIVERED, detail, durationMs, now));
        scheduleCallback(log);
    }

    /** One delivered notification: what {@link #recordDelivered} takes. */
    public record Delivered(long notificationId, Integer templateVersion, String detail, Long durationMs) {
    }

    /**
     * Records what one device of a push made of it; a device whose token the provider no longer
     * knows is removed from its user in the same transaction. Events name the device by a
     * reference, never by its token.
     */
    public void recordDeviceOutcome(long notificationId, PushDevice device, SendOutcome outcome) {
        EmailLog log = load(notificationId);
        OffsetDateTime now = now();
        String about = "device " + device.reference() + " (" + device.platform() + "): " + outcome.detail();
        if (outcome instanceof SendOutcome.Delivered) {
            notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.DEVICE_DELIVERED, about, null, now));
            return;
        }
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.DEVICE_FAILED,
                about + " (" + kind(outcome) + ")", null, now));
        if (outcome instanceof SendOutcome.Permanent p && p.recipientGone()
                && users.removeDevice(log.getOwner(), log.getUserId(), device.token())) {
            notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.DEVICE_REMOVED,
                    "device " + device.reference() + " removed from the user: the provider no longer knows its token", null, now));
        }
    }

    private static String kind(SendOutcome outcome) {
        return outcome instanceof SendOutcome.Permanent ? "permanent"
                : outcome instanceof SendOutcome.Transient ? "transient" : "provider unavailable";
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

    /** The address is on the suppression list for this mail: SUPPRESSED, terminal, nothing sent. */
    private AttemptStart suppress(EmailLog log, Suppression entry, String category, OffsetDateTime now) {
        String reason = "the address is suppressed (" + entry.getReason() + ", "
                + (entry.getCategory() == null ? "all categories" : "category " + entry.getCategory()) + "); this mail is "
                + category;
        log.markSuppressed(reason, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.SUPPRESSED, reason, null, now));
        scheduleCallback(log);
        return AttemptStart.of(AttemptStart.Kind.FINISHED_BEFORE_SEND, log.getStatus());
    }

    private AttemptStart failBeforeSend(EmailLog log, String reason, OffsetDateTime now) {
        log.markFailed(reason, now);
        notifications.addEvent(new DeliveryEvent(log, DeliveryEvent.Type.FAILED, reason, null, now));
        scheduleCallback(log);
        return AttemptStart.of(AttemptStart.Kind.FINISHED_BEFORE_SEND, log.getStatus());
    }

    private EmailLog load(long notificationId) {
        return notifications.find(notificationId)
                .orElseThrow(() -> new IllegalStateException("notification " + notificationId + " vanished"));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
