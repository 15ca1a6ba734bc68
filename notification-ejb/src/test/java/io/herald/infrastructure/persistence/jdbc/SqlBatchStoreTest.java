package io.herald.infrastructure.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The id blocks must be EclipseLink's: nextval is the END of a block of allocationSize ids (V5). */
class SqlBatchStoreTest {

    @Test
    void aBlockEndsAtTheSequenceValue() {
        List<Long> ids = new ArrayList<>();
        SqlBatchStore.blockEndingAt(1000, 3, ids);
        assertEquals(List.of(501L, 502L, 503L), ids);
        ids.clear();
        SqlBatchStore.blockEndingAt(1000, 10_000, ids);
        assertEquals(SqlBatchStore.ID_BLOCK, ids.size());
        assertEquals(1000L, ids.get(ids.size() - 1));
    }

    @Test
    void theBlockSizeIsTheEntitiesAllocationSize() throws Exception {
        var generator = io.herald.domain.model.notification.EmailLog.class.getDeclaredField("id")
                .getAnnotation(jakarta.persistence.SequenceGenerator.class);
        assertEquals(SqlBatchStore.ID_BLOCK, generator.allocationSize());
        var events = io.herald.domain.model.notification.DeliveryEvent.class.getDeclaredField("id")
                .getAnnotation(jakarta.persistence.SequenceGenerator.class);
        assertEquals(SqlBatchStore.ID_BLOCK, events.allocationSize());
    }
}
