package io.herald.application.delivery;

import io.herald.domain.model.delivery.SendOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A push goes to each of a user's devices; the notification's outcome is theirs combined:
 * delivered when at least one device accepted it; otherwise the provider's unavailability (so
 * the push waits for it without using an attempt); otherwise transient if any device may still
 * take it later (after the longest Retry-After asked for); otherwise permanent.
 */
final class PushOutcomes {

    private PushOutcomes() {
    }

    static SendOutcome combine(List<SendOutcome> perDevice) {
        if (perDevice.isEmpty()) {
            return new SendOutcome.Permanent("no device to send to");
        }
        long delivered = perDevice.stream().filter(o -> o instanceof SendOutcome.Delivered).count();
        if (delivered > 0) {
            return new SendOutcome.Delivered("accepted by " + delivered + " of " + perDevice.size() + " devices");
        }
        for (SendOutcome o : perDevice) {
            if (o instanceof SendOutcome.CircuitOpen) {
                return o;
            }
        }
        for (SendOutcome o : perDevice) {
            if (o instanceof SendOutcome.Unavailable) {
                return o;
            }
        }
        List<SendOutcome.Transient> transients = perDevice.stream()
                .filter(o -> o instanceof SendOutcome.Transient).map(o -> (SendOutcome.Transient) o).toList();
        if (!transients.isEmpty()) {
            Duration longest = transients.stream().map(SendOutcome.Transient::retryAfter).filter(Objects::nonNull)
                    .max(Duration::compareTo).orElse(null);
            return new SendOutcome.Transient(summary(transients.stream().map(SendOutcome::detail).toList(), perDevice.size()), longest);
        }
        return new SendOutcome.Permanent("no device can take it: "
                + summary(perDevice.stream().map(SendOutcome::detail).toList(), perDevice.size()));
    }

    private static String summary(List<String> details, int devices) {
        return details.stream().distinct().collect(Collectors.joining("; ")) + " (" + details.size() + " of " + devices + " devices)";
    }
}
