package io.herald.domain.model.suppression;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class SuppressionTest {

    private static Suppression of(SuppressionReason reason, String category) {
        return new Suppression("a@b.io", reason, category, "test", OffsetDateTime.now());
    }

    @Test
    void bouncesAndComplaintsBlockEveryMailEvenTransactional() {
        for (SuppressionReason r : new SuppressionReason[] {SuppressionReason.HARD_BOUNCE, SuppressionReason.COMPLAINT}) {
            assertTrue(of(r, null).blocks("transactional"));
            assertTrue(of(r, "newsletter").blocks("transactional"), "a bounce is about the mailbox, not the category");
            assertTrue(of(r, null).blocks("newsletter"));
        }
    }

    @Test
    void anUnsubscribeNeverStopsTransactionalMailOfAnotherCategory() {
        assertFalse(of(SuppressionReason.UNSUBSCRIBE, "newsletter").blocks("transactional"));
        assertFalse(of(SuppressionReason.UNSUBSCRIBE, null).blocks("transactional"), "unsubscribe from all: still receipts");
        assertFalse(of(SuppressionReason.UNSUBSCRIBE, "newsletter").blocks(null), "no category is transactional");
        assertTrue(of(SuppressionReason.UNSUBSCRIBE, "transactional").blocks("transactional"), "unless it names it");
    }

    @Test
    void anUnsubscribeStopsItsCategoryOrEveryOtherOne() {
        assertTrue(of(SuppressionReason.UNSUBSCRIBE, "newsletter").blocks("newsletter"));
        assertFalse(of(SuppressionReason.UNSUBSCRIBE, "newsletter").blocks("product-updates"));
        assertTrue(of(SuppressionReason.UNSUBSCRIBE, null).blocks("product-updates"));
    }

    @Test
    void aManualEntryBlocksItsCategoryOrEverything() {
        assertTrue(of(SuppressionReason.MANUAL, null).blocks("transactional"));
        assertTrue(of(SuppressionReason.MANUAL, "newsletter").blocks("newsletter"));
        assertFalse(of(SuppressionReason.MANUAL, "newsletter").blocks("transactional"));
    }
}
