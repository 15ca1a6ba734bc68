package io.herald.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class WebhookCallbackSenderTest {

    @Test
    void refusalsAreRecognisedAlsoWhenWrapped() {
        assertTrue(WebhookCallbackSender.isRefusal(new CallbackRefusedException("x")));
        assertTrue(WebhookCallbackSender.isRefusal(new IOException(new CallbackRefusedException("x"))));
        assertFalse(WebhookCallbackSender.isRefusal(new UnknownHostException("x")));
        assertFalse(WebhookCallbackSender.isRefusal(new IOException("connect timed out")));
    }

    @Test
    void theRefusalReasonIsGeneric() {
        assertTrue(WebhookCallbackSender.REFUSED.equals("refused by policy"));
    }
}
