package io.herald.application.delivery;

import io.herald.application.DeliveryCommand;
import io.herald.domain.model.delivery.Channel;

/**
 * One attempt at a delivery, as the delivery core needs to record its outcome and ask for the
 * next one.
 *
 * @param channel         the channel that made the attempt
 * @param command         the delivery command it came from (re-sent for a retry)
 * @param number          the attempt's 1-based number
 * @param jmsPriority     the priority of a retry message (0..9)
 * @param templateVersion the template version used, for notification channels (null otherwise)
 */
public record DeliveryAttempt(Channel channel, DeliveryCommand command, int number, int jmsPriority,
                              Integer templateVersion) {

    public long notificationId() {
        return command.notificationId();
    }
}
