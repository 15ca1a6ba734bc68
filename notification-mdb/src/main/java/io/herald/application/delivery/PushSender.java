package io.herald.application.delivery;

/**
 * Sends a push to one device (FCM HTTP v1, in {@code infrastructure.push}). A token the
 * provider no longer knows is {@code Permanent} with {@code recipientGone}: the device is then
 * removed from its user.
 */
public interface PushSender extends ChannelSender<PushToDevice> {
}
