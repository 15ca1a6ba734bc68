package io.herald.application;

import io.herald.domain.model.bounce.BounceReport;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.notification.Redaction;
import io.herald.domain.model.suppression.SuppressionReason;
import io.herald.infrastructure.logging.Log;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Applies a bounce or complaint report, whichever provider it came from (SES through SNS, or the
 * generic webhook), in one transaction: each address it names gets the suppression its kind
 * calls for ({@link io.herald.domain.model.bounce.BounceKind#suppression}), and the
 * notification it is about, when known, gets a {@code BOUNCED} or {@code COMPLAINED} event.
 *
 * <p>A notification matches only if it exists, still has its personal data, and was sent to one
 * of the reported addresses (or named a user instead of an address): a report cannot put
 * events on some other person's notification by naming its id. Reports are idempotent for the
 * suppression list (an entry is added once); a report repeated by its provider adds its event
 * again.
 */
@Stateless
public class BounceService {

    private static final Log LOG = Log.of(BounceService.class);

    @Inject
    private SuppressionService suppressions;

    @Inject
    private NotificationRepository notifications;

    /** @return what the report changed */
    public Recorded record(BounceReport report) {
        int added = 0;
        int valid = 0;
        Optional<SuppressionReason> reason = report.kind().suppression();
        for (String address : report.addresses()) {
            if (Redaction.erasureKey(address).isEmpty()) {
                continue; // a provider's malformed entry: nothing to suppress, nothing to log
            }
            valid++;
            if (reason.isPresent() && suppressions.add(address, reason.get(), null, report.source()).created()) {
                added++;
            }
        }
        boolean matched = false;
        if (report.notificationId() != null) {
            Optional<EmailLog> log = notifications.find(report.notificationId()).filter(n -> isAbout(n, report));
            log.ifPresent(n -> notifications.addEvent(new DeliveryEvent(n, report.kind().event(), report.eventDetail(), null,
                    OffsetDateTime.now(ZoneOffset.UTC))));
            matched = log.isPresent();
        }
        int addresses = valid;
        int suppressed = added;
        boolean event = matched;
        LOG.info(() -> "bounce report (" + report.source() + "): " + report.kind().wireName() + " for " + addresses
                + " address(es), " + suppressed + " new suppression(s)" + (event ? ", event on notification " + report.notificationId() : ""));
        return new Recorded(valid, added, matched);
    }

    private static boolean isAbout(EmailLog log, BounceReport report) {
        if (log.isRedacted() || !"email".equals(log.getChannel())) {
            return false;
        }
        if (log.getToEmail() == null) {
            return log.getUserId() != null; // the address was the user's at delivery; the provider names what it bounced
        }
        return report.addresses().stream().anyMatch(a -> Redaction.erasureKey(a).filter(k -> Redaction.isRecipient(log.getToEmail(), k)).isPresent());
    }

    /**
     * @param addresses           valid addresses the report named
     * @param suppressionsAdded   entries it added to the suppression list (0 for soft bounces and entries already there)
     * @param notificationMatched whether a notification got its event
     */
    public record Recorded(int addresses, int suppressionsAdded, boolean notificationMatched) {
    }
}
