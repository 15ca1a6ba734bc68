package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BatchChunkTest {

    @Test
    void roundTripsThroughJsonWithIdsOnly() {
        BatchChunk chunk = new BatchChunk(7, List.of(501L, 502L, 999L), "corr");
        assertEquals("{\"batch_id\":7,\"notification_ids\":[501,502,999],\"correlation_id\":\"corr\"}", chunk.toJson());
        assertEquals(chunk, BatchChunk.fromJson(chunk.toJson()));
        assertEquals(new BatchChunk(7, List.of(1L), null), BatchChunk.fromJson("{\"batch_id\":7,\"notification_ids\":[1]}"));
    }

    @Test
    void holdsOneToAHundredNotifications() {
        assertThrows(IllegalArgumentException.class, () -> new BatchChunk(1, List.of(), null));
        List<Long> tooMany = LongStream.rangeClosed(1, BatchChunk.MAX_SIZE + 1).boxed().toList();
        assertThrows(IllegalArgumentException.class, () -> new BatchChunk(1, tooMany, null));
    }

    @Test
    void anythingElseIsPoison() {
        for (String bad : new String[] {null, "x", "{}", "{\"batch_id\":1}", "{\"batch_id\":1,\"notification_ids\":[]}",
                "{\"batch_id\":1.5,\"notification_ids\":[1]}", "{\"batch_id\":1,\"notification_ids\":[\"1\"]}"}) {
            assertThrows(UnreadableDeliveryCommandException.class, () -> BatchChunk.fromJson(bad), String.valueOf(bad));
        }
    }
}
