package io.herald.domain.model.suppression;

/** Why an address gets no more mail. */
public enum SuppressionReason {
    /** The mailbox does not exist (a permanent bounce): nothing is sent to it, whatever the category. */
    HARD_BOUNCE,
    /** The recipient reported mail as spam: nothing is sent to it, whatever the category. */
    COMPLAINT,
    /** The recipient unsubscribed from a category (or from all): transactional mail still goes. */
    UNSUBSCRIBE,
    /** An operator's entry: blocks its category (or every category when it names none). */
    MANUAL
}
