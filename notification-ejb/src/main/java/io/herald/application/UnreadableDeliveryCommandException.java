package io.herald.application;

/** A message on a delivery queue that is not a delivery command: poison, to be dead-lettered. */
public class UnreadableDeliveryCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreadableDeliveryCommandException(String reason) {
        super(reason);
    }
}
