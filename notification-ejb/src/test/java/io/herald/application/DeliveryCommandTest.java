package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeliveryCommandTest {

    @Test
    void roundTrips() {
        DeliveryCommand c = new DeliveryCommand(42, "email", "corr-1");
        assertEquals(c, DeliveryCommand.fromJson(c.toJson()));
        DeliveryCommand noCorrelation = new DeliveryCommand(7, "email", null);
        assertEquals(noCorrelation, DeliveryCommand.fromJson(noCorrelation.toJson()));
    }

    @Test
    void poisonIsRecognised() {
        for (String poison : new String[] {null, "", "not json", "[1,2]", "{\"notification_id\":\"x\",\"channel\":\"email\"}",
                "{\"notification_id\":1.5,\"channel\":\"email\"}", "{\"notification_id\":1}"}) {
            assertThrows(UnreadableDeliveryCommandException.class, () -> DeliveryCommand.fromJson(poison), String.valueOf(poison));
        }
    }
}
