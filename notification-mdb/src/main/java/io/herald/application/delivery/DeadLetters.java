package io.herald.application.delivery;

import io.herald.application.DeliveryCommand;
import java.util.List;

/**
 * Parks deliveries for operators to inspect and replay. Runs in the consumer's transaction, so
 * parking commits together with everything else the attempt records. Implemented over JMS in
 * {@code infrastructure.messaging.jms.consumer}.
 */
public interface DeadLetters {

    /**
     * Parks a copy of a delivery whose attempts ran out.
     *
     * @param originalQueue the physical queue it was delivered from
     * @param history       one line per failed attempt, oldest first, each starting with its instant
     */
    void parkExhausted(DeliveryCommand command, String originalQueue, String reason, int attempts, List<String> history);
}
