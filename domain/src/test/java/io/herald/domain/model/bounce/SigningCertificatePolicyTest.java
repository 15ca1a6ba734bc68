package io.herald.domain.model.bounce;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SigningCertificatePolicyTest {

    private final SigningCertificatePolicy aws = new SigningCertificatePolicy(SigningCertificatePolicy.DEFAULT_HOST_PATTERN);

    @Test
    void amazonsSnsHostsOverHttpsAreAllowed() {
        assertTrue(aws.allows("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem"));
        assertTrue(aws.allows("https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=x"));
        assertTrue(aws.allows("https://sns.cn-north-1.amazonaws.com.cn/cert.pem"));
        assertTrue(aws.allows("https://SNS.US-EAST-1.AMAZONAWS.COM/cert.pem"));
    }

    @Test
    void anythingElseIsNot() {
        for (String url : new String[] {
                "http://sns.us-east-1.amazonaws.com/cert.pem",          // not https
                "https://sns.us-east-1.amazonaws.com.evil.com/cert.pem", // suffix
                "https://evil.com/sns.us-east-1.amazonaws.com/cert.pem", // path
                "https://sns.us-east-1.amazonaws.com@evil.com/cert.pem", // user info
                "https://evil.com#@sns.us-east-1.amazonaws.com/",
                "https://sns.us-east-1.amazonaws.com:8443/cert.pem",     // another port
                "https://s3.amazonaws.com/cert.pem",
                "https://xsns.us-east-1.amazonaws.com/cert.pem",
                "file:///etc/passwd", "//sns.us-east-1.amazonaws.com/cert.pem", "not a url", "", null}) {
            assertFalse(aws.allows(url), String.valueOf(url));
        }
    }

    @Test
    void aConfiguredPatternMayNameAPort() {
        SigningCertificatePolicy local = new SigningCertificatePolicy("localhost:28096");
        assertTrue(local.allows("https://localhost:28096/cert.pem"));
        assertFalse(local.allows("https://localhost/cert.pem"));
        assertFalse(local.allows("https://localhost:28097/cert.pem"));
        assertFalse(local.allows("http://localhost:28096/cert.pem"));
    }

    @Test
    void anInvalidPatternIsRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> new SigningCertificatePolicy("sns.(["));
    }
}
