package io.herald.infrastructure.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class SmtpFailureClassifierTest {

    @Test
    void smtp4xxIsTransient() {
        for (String reply : new String[] {"421 4.7.0 Try again later", "450 mailbox busy", "451 local error", "452 insufficient storage"}) {
            DeliveryFailureException f = SmtpFailureClassifier.classify(new MessagingException(reply));
            assertInstanceOf(TransientDeliveryException.class, f, reply);
            assertEquals(reply.startsWith("421"), f instanceof SmtpUnavailableException, reply);
            assertEquals(Integer.parseInt(reply.substring(0, 3)), f.smtpCode());
        }
    }

    @Test
    void smtp5xxIsPermanent() throws Exception {
        Address bad = new InternetAddress("gone@example.com");
        SendFailedException rejected = new SendFailedException("Invalid Addresses",
                new MessagingException("550 5.1.1 <gone@example.com>: Recipient address rejected"), null, null, new Address[] {bad});
        DeliveryFailureException f = SmtpFailureClassifier.classify(rejected);
        assertInstanceOf(PermanentDeliveryException.class, f);
        assertEquals(550, f.smtpCode());
        assertFalse(f.getMessage().contains("gone@example.com"), f.getMessage());
        assertTrue(f.getMessage().startsWith("550 5.1.1"), f.getMessage());
        for (String reply : new String[] {"551 user not local", "553 mailbox name not allowed", "554 5.7.1 policy rejection"}) {
            assertInstanceOf(PermanentDeliveryException.class, SmtpFailureClassifier.classify(new MessagingException(reply)));
        }
    }

    @Test
    void networkFailuresAreTransient() {
        MessagingException refused = new MessagingException("Couldn't connect to host, port: 127.0.0.1, 2525",
                new ConnectException("Connection refused"));
        DeliveryFailureException f = SmtpFailureClassifier.classify(refused);
        assertInstanceOf(SmtpUnavailableException.class, f);
        assertEquals(0, f.smtpCode());
        assertTrue(f.getMessage().startsWith("ConnectException"), f.getMessage());
        assertInstanceOf(SmtpUnavailableException.class,
                SmtpFailureClassifier.classify(new MessagingException("read", new SocketTimeoutException("Read timed out"))));
        assertInstanceOf(SmtpUnavailableException.class,
                SmtpFailureClassifier.classify(new MessagingException("421 4.3.2 Service not available, closing channel")));
    }

    @Test
    void authenticationAndBadAddressesArePermanent() {
        assertInstanceOf(PermanentDeliveryException.class, SmtpFailureClassifier.classify(new AuthenticationFailedException("535")));
        assertInstanceOf(PermanentDeliveryException.class, SmtpFailureClassifier.classify(new AuthenticationFailedException("bad creds")));
        assertInstanceOf(PermanentDeliveryException.class, SmtpFailureClassifier.classify(new AddressException("Illegal address", "x@")));
    }

    @Test
    void unknownFailuresAreTransientButNotUnavailability() {
        DeliveryFailureException f = SmtpFailureClassifier.classify(new IllegalStateException("odd"));
        assertInstanceOf(TransientDeliveryException.class, f);
        assertFalse(f instanceof SmtpUnavailableException);
    }

    @Test
    void redactsAddresses() {
        assertEquals("550 <<redacted>> unknown, cc <redacted>",
                SmtpFailureClassifier.redact("550 <john.doe+x@mail.example.com> unknown, cc a@b.io"));
    }
}
