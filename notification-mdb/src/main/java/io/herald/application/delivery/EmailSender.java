package io.herald.application.delivery;

import io.herald.application.OutgoingEmail;

/** Sends emails (SMTP through the container's mail session, in {@code infrastructure.mail}). */
public interface EmailSender extends ChannelSender<OutgoingEmail> {
}
