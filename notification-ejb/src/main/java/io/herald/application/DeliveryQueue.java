package io.herald.application;

import io.herald.domain.model.delivery.Channel;
import jakarta.ejb.Local;

/**
 * Asks for a delivery: puts a {@link DeliveryCommand} on its channel's queue. Always called
 * inside the caller's JTA transaction, so the request is queued if and only if the caller's
 * database work commits. Implemented over JMS in {@code infrastructure.messaging.jms}.
 */
@Local
public interface DeliveryQueue {

    /**
     * @param channel  whose queue (email, push or callback)
     * @param attempt  the delivery attempt this message asks for (1 for the first)
     * @param priority JMS priority 0..9
     * @param delayMs  earliest delivery, in ms from now (0 for at once)
     */
    void enqueue(Channel channel, DeliveryCommand command, int attempt, int priority, long delayMs);

    /**
     * Puts a chunk of a batch on the batch queue (first attempts; retries of single members go
     * to the email queue with {@link #enqueue}).
     */
    void enqueue(BatchChunk chunk, int priority, long delayMs);
}
