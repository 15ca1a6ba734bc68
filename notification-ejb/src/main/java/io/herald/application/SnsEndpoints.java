package io.herald.application;

import java.security.PublicKey;

/**
 * The two HTTPS requests Herald makes to Amazon SNS: fetching a signing certificate and
 * confirming a subscription. {@code infrastructure.sns} implements it; the URLs have already
 * passed {@link io.herald.domain.model.bounce.SigningCertificatePolicy}.
 */
public interface SnsEndpoints {

    /**
     * The public key of the X.509 certificate at this URL (cached by URL while it is valid).
     *
     * @throws Unavailable when it cannot be fetched, is not a certificate, or has expired
     */
    PublicKey signingKey(String certificateUrl);

    /**
     * GETs a subscription's {@code SubscribeURL}, which confirms it.
     *
     * @throws Unavailable when SNS did not answer 2xx
     */
    void confirmSubscription(String subscribeUrl);

    /** SNS could not be reached, or answered something unusable; the message's sender may retry. */
    class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
