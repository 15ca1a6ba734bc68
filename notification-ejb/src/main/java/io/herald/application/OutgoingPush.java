package io.herald.application;

import java.util.List;

/**
 * A push ready to hand to FCM: rendered content and the user's devices at the time of the
 * attempt, plus ids. Contains PII (tokens, content): never log it.
 */
public record OutgoingPush(
        long notificationId,
        String owner,
        String userId,
        RenderedPush content,
        List<PushDevice> devices,
        int attempt,
        int templateVersion,
        int jmsPriority) {

    public OutgoingPush {
        devices = List.copyOf(devices);
    }

    @Override
    public String toString() {
        return "OutgoingPush[notificationId=" + notificationId + ", attempt=" + attempt + ", " + devices.size() + " devices]";
    }
}
