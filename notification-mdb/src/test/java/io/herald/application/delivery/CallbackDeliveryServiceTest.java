package io.herald.application.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.infrastructure.http.CallbackRefusedException;
import java.io.IOException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class CallbackDeliveryServiceTest {

    @Test
    void refusalsAreRecognisedAlsoWhenWrapped() {
        assertTrue(CallbackDeliveryService.isRefusal(new CallbackRefusedException("x")));
        assertTrue(CallbackDeliveryService.isRefusal(new IOException(new CallbackRefusedException("x"))));
        assertFalse(CallbackDeliveryService.isRefusal(new UnknownHostException("x")));
        assertFalse(CallbackDeliveryService.isRefusal(new IOException("connect timed out")));
    }

    @Test
    void theRefusalReasonIsGeneric() {
        assertTrue(CallbackDeliveryService.REFUSED.equals("refused by policy"));
    }
}
