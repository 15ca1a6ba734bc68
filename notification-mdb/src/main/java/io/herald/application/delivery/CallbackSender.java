package io.herald.application.delivery;

/**
 * POSTs status callbacks (over HTTP within the network policy of ADR 0011, in
 * {@code infrastructure.http}). A 2xx answer is delivered; any other answer or none is
 * transient; a target the policy refuses is permanent.
 */
public interface CallbackSender extends ChannelSender<SignedCallback> {
}
