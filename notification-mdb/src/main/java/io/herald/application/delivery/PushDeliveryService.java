package io.herald.application.delivery;

import io.herald.application.DeliveryCommand;
import io.herald.application.DeliveryTracker;
import io.herald.application.OutgoingPush;
import io.herald.application.PushDevice;
import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.delivery.SendOutcome;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Delivers one push notification; runs in the consumer's XA transaction. One send per device
 * of the user (looked up when the attempt starts); each device's outcome is an event, and a
 * device whose token the provider no longer knows is removed from the user in the same
 * transaction. The notification's outcome is the devices' combined ({@link PushOutcomes}) and
 * goes through the same delivery core as email ({@link DeliveryOutcomes}).
 */
@Stateless
public class PushDeliveryService {

    @EJB
    private DeliveryTracker tracker;

    @EJB
    private DeliveryOutcomes outcomes;

    @Inject
    private PushSender sender;

    @Inject
    private MetricRegistry metrics;

    public void deliver(DeliveryCommand command) {
        Attempts.begin(tracker, command, Channel.PUSH, metrics).ifPresent(start -> send(command, start.push()));
    }

    private void send(DeliveryCommand command, OutgoingPush push) {
        long started = System.nanoTime();
        List<SendOutcome> perDevice = new ArrayList<>();
        for (PushDevice device : push.devices()) {
            SendOutcome outcome = sender.send(new PushToDevice(push.notificationId(), device, push.content()));
            perDevice.add(outcome);
            tracker.recordDeviceOutcome(push.notificationId(), device, outcome);
            if (outcome instanceof SendOutcome.CircuitOpen || outcome instanceof SendOutcome.Unavailable) {
                break; // the provider is down: the other devices would fare no better
            }
        }
        SendOutcome combined = PushOutcomes.combine(perDevice);
        boolean reached = !(combined instanceof SendOutcome.Unavailable || combined instanceof SendOutcome.CircuitOpen);
        outcomes.apply(new DeliveryAttempt(Channel.PUSH, command, push.attempt(), push.jmsPriority(), push.templateVersion()),
                combined, sender.breakerDelay(), reached ? (System.nanoTime() - started) / 1_000_000 : null);
    }
}
