package io.herald.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.application.DeviceView;
import io.herald.application.UserView;
import io.herald.domain.model.user.Platform;
import io.herald.domain.model.user.UserRequestParser;
import jakarta.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserResourceTest {

    private static final OffsetDateTime CREATED = OffsetDateTime.of(2025, 11, 13, 10, 30, 0, 123_456_000, ZoneOffset.UTC);

    @Test
    void aUserIsWrittenInSnakeCaseWithoutTheFieldsItDoesNotHave() {
        DeviceView device = new DeviceView("fcm:abc", Platform.ANDROID, CREATED, CREATED.plusMinutes(5));
        UserView full = new UserView("hk_owner001", "u-1", "Ann", "ann@example.com", "pt-BR", "Europe/Lisbon", false, true,
                List.of(device), CREATED, CREATED.plusHours(1));
        JsonObject json = UserResource.json(full).build();
        assertEquals("u-1", json.getString("id"));
        assertEquals("hk_owner001", json.getString("owner"));
        assertEquals("Ann", json.getString("name"));
        assertEquals("ann@example.com", json.getString("email"));
        assertEquals("pt-BR", json.getString("language"));
        assertEquals("Europe/Lisbon", json.getString("timezone"));
        assertFalse(json.getJsonObject("preferences").getBoolean("email"));
        assertTrue(json.getJsonObject("preferences").getBoolean("push"));
        assertEquals("2025-11-13T10:30:00.123456Z", json.getString("created_at"));
        assertEquals("2025-11-13T11:30:00.123456Z", json.getString("updated_at"));
        JsonObject d = json.getJsonArray("devices").getJsonObject(0);
        assertEquals("fcm:abc", d.getString("token"));
        assertEquals("android", d.getString("platform"));
        assertEquals("2025-11-13T10:30:00.123456Z", d.getString("created_at"));
        assertEquals("2025-11-13T10:35:00.123456Z", d.getString("last_seen_at"));

        JsonObject bare = UserResource.json(new UserView("hk_owner001", "u-2", null, null, null, null, true, true, List.of(),
                CREATED, CREATED)).build();
        for (String absent : List.of("name", "email", "language", "timezone")) {
            assertFalse(bare.containsKey(absent), absent);
        }
        assertEquals(0, bare.getJsonArray("devices").size());
    }

    @Test
    void whatGetAnswersCanBeSentBackWithPut() {
        UserView v = new UserView("hk_owner001", "u-1", "Ann", "ann@example.com", "en", "UTC", true, false,
                List.of(new DeviceView("apns-1", Platform.IOS, CREATED, CREATED)), CREATED, CREATED);
        var draft = UserRequestParser.parseReplace("u-1", UserResource.json(v).build());
        assertEquals("Ann", draft.name());
        assertFalse(draft.pushEnabled());
        assertEquals("apns-1", draft.devices().get(0).token());
        assertEquals(Platform.IOS, draft.devices().get(0).platform());
    }
}
