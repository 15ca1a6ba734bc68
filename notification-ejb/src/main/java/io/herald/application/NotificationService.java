package io.herald.application;

import io.herald.domain.model.delivery.Channel;
import io.herald.infrastructure.logging.Log;
import io.herald.infrastructure.logging.LogContext;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.notification.EmailRequest;
import io.herald.domain.model.notification.NotificationStatus;
import io.herald.domain.model.template.Template;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Accepts notifications. {@link #accept} is the transaction boundary of the promise we make to
 * callers: the row and the delivery message are written in ONE XA transaction, so after it
 * commits both exist, and if anything fails neither does. Only then does the caller get 202.
 *
 * <p>Every notification belongs to the caller that created it (its {@code owner}): request ids
 * are unique per owner, so one caller can neither read nor block another's notifications.
 */
@Stateless
public class NotificationService {

    private static final Log LOG = Log.of(NotificationService.class);

    @Inject
    private NotificationRepository notifications;

    @Inject
    private TemplateCatalog catalog;

    @Inject
    private UserDirectory users;

    @Inject
    private PushConfiguration push;

    @EJB
    private DeliveryQueue queue;

    private final Clock clock = Clock.systemUTC();

    public Acceptance accept(String owner, EmailRequest request) {
        Optional<EmailLog> existing = notifications.findByRequestId(owner, request.requestId());
        if (existing.isPresent()) {
            return compare(existing.get(), request);
        }
        checkAcceptable(owner, request);
        OffsetDateTime now = OffsetDateTime.now(clock);
        EmailLog log = EmailLog.accept(owner, request, request.recipient(), now);
        notifications.add(log);
        LogContext.correlation(request.correlationId());
        LogContext.notification(log.getId());
        DeliveryEvent accepted = new DeliveryEvent(log, DeliveryEvent.Type.ACCEPTED, null, null, now);
        notifications.addEvent(accepted);
        long delayMs = request.sendAt() == null ? 0 : Math.max(0, Duration.between(now, request.sendAt()).toMillis());
        queue.enqueue(request.channel(), new DeliveryCommand(log.getId(), request.channel().wireName(), request.correlationId()), 1,
                request.jmsPriority(), delayMs);
        LOG.fine(() -> "accepted notification " + log.getId());
        return new Acceptance(Acceptance.Outcome.ACCEPTED, NotificationView.of(log, List.of(accepted)));
    }

    /**
     * What must hold before a request is accepted (each a 422 otherwise): push is configured;
     * a user the request leaves the recipient to exists; the template exists for this channel,
     * in the requested language, or (none requested) in English or the user's language.
     */
    private void checkAcceptable(String owner, EmailRequest request) {
        if (request.channel() == Channel.PUSH && !push.isConfigured()) {
            throw UnacceptableNotificationException.pushNotConfigured();
        }
        boolean namesUser = request.channel() == Channel.PUSH || request.resolvesUserAtDelivery();
        Optional<Template> template = catalog.lookup(request.templateCode(), request.languageOrDefault()).template();
        if (namesUser && template.isEmpty() && request.language() == null) {
            // only the user's language can still name a template: load the profile
            UserProfile user = users.find(owner, request.userId()).orElseThrow(UnacceptableNotificationException::unknownUser);
            if (user.language() != null) {
                template = catalog.lookup(request.templateCode(), user.language()).template();
            }
        } else if (namesUser && !users.exists(owner, request.userId())) {
            throw UnacceptableNotificationException.unknownUser();
        }
        if (template.isEmpty()) {
            throw new UnknownTemplateException(request.templateCode(), request.languageOrDefault());
        }
        if (!request.channel().wireName().equals(template.get().getChannel())) {
            throw UnacceptableNotificationException.wrongChannel(request.templateCode(), template.get().getChannel(),
                    request.channel().wireName());
        }
    }

    /**
     * Resolves a request whose id already exists (e.g. after losing an insert race to a
     * concurrent duplicate). Empty if no notification has that request id.
     */
    public Optional<Acceptance> findExisting(String owner, EmailRequest request) {
        return notifications.findByRequestId(owner, request.requestId()).map(log -> compare(log, request));
    }

    /** The owner's notification with this request id. */
    public Optional<NotificationView> find(String owner, String requestId) {
        return notifications.findByRequestId(owner, requestId)
                .map(log -> NotificationView.of(log, notifications.events(log.getId())));
    }

    /**
     * Notifications of every owner with this request id (at most {@code max}, oldest first): for
     * admins, who see all.
     */
    public List<NotificationView> findAnyOwner(String requestId, int max) {
        return notifications.findByRequestIdAnyOwner(requestId, max).stream()
                .map(log -> NotificationView.of(log, notifications.events(log.getId())))
                .toList();
    }

    /**
     * A page of the owner's notifications, newest first, without their events; {@code next}
     * is present when more follow (one row more than the page was read to know).
     */
    public NotificationPage list(NotificationQuery query) {
        List<EmailLog> rows = notifications.page(query);
        boolean more = rows.size() > query.limit();
        List<EmailLog> page = more ? rows.subList(0, query.limit()) : rows;
        Optional<NotificationQuery.Position> next = Optional.empty();
        if (more) {
            EmailLog last = page.get(page.size() - 1);
            next = Optional.of(new NotificationQuery.Position(last.getCreatedAt(), last.getId()));
        }
        return new NotificationPage(page.stream().map(log -> NotificationView.of(log, List.of())).toList(), next);
    }

    private Acceptance compare(EmailLog log, EmailRequest request) {
        NotificationView view = NotificationView.of(log, notifications.events(log.getId()));
        if (!log.isSameRequestAs(request.fingerprint())) {
            return new Acceptance(Acceptance.Outcome.CONFLICT, view);
        }
        NotificationStatus status = log.getStatus();
        return new Acceptance(status.isTerminal() ? Acceptance.Outcome.DUPLICATE_FINISHED
                : Acceptance.Outcome.DUPLICATE_PENDING, view);
    }
}
