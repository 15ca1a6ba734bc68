package io.herald.application.delivery;

import io.herald.application.PushDevice;
import io.herald.application.RenderedPush;

/** One push to one device: what the push channel's sender sends. Contains PII: never log it. */
public record PushToDevice(long notificationId, PushDevice device, RenderedPush content) {

    @Override
    public String toString() {
        return "PushToDevice[notification " + notificationId + ", " + device + "]";
    }
}
