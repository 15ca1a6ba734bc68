package io.herald.domain.model.bounce;

import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.suppression.SuppressionReason;
import java.util.Optional;

/**
 * What a mailbox provider reported about mail that had already left Herald: a permanent bounce
 * (the mailbox does not exist), a temporary one (full, greylisted, out of office) or a spam
 * complaint. One place decides what each one does to the suppression list and to the
 * notification it is about.
 */
public enum BounceKind {
    /** The mailbox does not exist: {@code HARD_BOUNCE} suppression, {@code BOUNCED} event. */
    HARD,
    /** A temporary problem: nothing is suppressed, a {@code BOUNCED} event records it. */
    SOFT,
    /** The recipient reported the mail as spam: {@code COMPLAINT} suppression, {@code COMPLAINED} event. */
    COMPLAINT;

    /** The suppression this report adds for each address it names, if any. */
    public Optional<SuppressionReason> suppression() {
        return switch (this) {
            case HARD -> Optional.of(SuppressionReason.HARD_BOUNCE);
            case SOFT -> Optional.empty();
            case COMPLAINT -> Optional.of(SuppressionReason.COMPLAINT);
        };
    }

    /** The event a matched notification gets. */
    public DeliveryEvent.Type event() {
        return this == COMPLAINT ? DeliveryEvent.Type.COMPLAINED : DeliveryEvent.Type.BOUNCED;
    }

    /** The name callers use in the generic webhook ({@code hard}, {@code soft}, {@code complaint}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
