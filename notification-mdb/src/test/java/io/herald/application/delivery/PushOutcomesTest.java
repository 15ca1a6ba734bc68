package io.herald.application.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.herald.domain.model.delivery.SendOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushOutcomesTest {

    private static final SendOutcome OK = new SendOutcome.Delivered("projects/p/messages/1");
    private static final SendOutcome GONE = new SendOutcome.Permanent("FCM 404 UNREGISTERED", true);

    @Test
    void oneAcceptingDeviceIsEnough() {
        SendOutcome o = PushOutcomes.combine(List.of(GONE, OK, new SendOutcome.Transient("FCM 503")));
        assertEquals("accepted by 1 of 3 devices", assertInstanceOf(SendOutcome.Delivered.class, o).detail());
    }

    @Test
    void anUnavailableProviderWinsOverTransientAndPermanent() {
        assertInstanceOf(SendOutcome.CircuitOpen.class, PushOutcomes.combine(List.of(GONE, new SendOutcome.CircuitOpen("open"))));
        assertInstanceOf(SendOutcome.Unavailable.class, PushOutcomes.combine(
                List.of(new SendOutcome.Transient("FCM 503"), new SendOutcome.Unavailable("FCM 401"))));
    }

    @Test
    void transientWaitsForTheLongestRetryAfter() {
        SendOutcome.Transient t = assertInstanceOf(SendOutcome.Transient.class, PushOutcomes.combine(List.of(
                GONE, new SendOutcome.Transient("FCM 503", Duration.ofSeconds(3)), new SendOutcome.Transient("FCM 429", Duration.ofSeconds(9)))));
        assertEquals(Duration.ofSeconds(9), t.retryAfter());
        assertEquals("FCM 503; FCM 429 (2 of 3 devices)", t.detail());
    }

    @Test
    void permanentOnlyWhenNoDeviceCanTakeIt() {
        SendOutcome.Permanent p = assertInstanceOf(SendOutcome.Permanent.class,
                PushOutcomes.combine(List.of(GONE, GONE)));
        assertEquals("no device can take it: FCM 404 UNREGISTERED (2 of 2 devices)", p.detail());
        assertInstanceOf(SendOutcome.Permanent.class, PushOutcomes.combine(List.of()));
    }
}
