package io.herald.domain.model.user;

import io.herald.domain.model.notification.EmailAddresses;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns request bodies of the user directory into a {@link UserDraft} (create, full replace)
 * or a {@link UserPatch} (partial update), and checks ids and device tokens taken from paths.
 * Every field problem is collected and thrown at once ({@link InvalidNotificationRequestException},
 * answered 400 naming the fields). Unknown top-level fields are ignored, so a body read with GET
 * (with {@code created_at}, {@code devices[].last_seen_at}, ...) can be sent back; unknown
 * preferences are errors, since a misspelt one would silently stay on.
 *
 * <p>Field errors never quote the given values: they are personal data (an unknown preference's
 * name is quoted, shortened and without control characters).
 */
public final class UserRequestParser {

    public static final int MAX_ID_LENGTH = 255;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_TIMEZONE_LENGTH = 64;
    public static final int MAX_TOKEN_LENGTH = 4096;
    public static final int MAX_DEVICES = 100;

    /**
     * Printable ASCII without space, {@code /} and {@code \}: ids and tokens travel in URL paths,
     * where the server refuses an encoded slash or backslash ({@code %2F}, {@code %5C}) and a
     * segment {@code .} or {@code ..} is resolved away, so such values could never be addressed.
     */
    private static final Pattern PATH_SAFE = Pattern.compile("[\\x21-\\x2E\\x30-\\x5B\\x5D-\\x7E]+");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final Set<String> PREFERENCES = Set.of("email", "push");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    static final String ID_RULE = "must be 1.." + MAX_ID_LENGTH
            + " printable characters without spaces, \"/\" or \"\\\", and not \".\" or \"..\"";
    static final String TOKEN_RULE = "must be 1.." + MAX_TOKEN_LENGTH
            + " printable characters without spaces, \"/\" or \"\\\", and not \".\" or \"..\"";
    static final String PLATFORM_RULE = "must be \"android\", \"ios\" or \"web\"";

    private UserRequestParser() {
    }

    /** A create (POST): {@code id} is required. */
    public static UserDraft parseCreate(JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        String id = string(body, "id", errors);
        if (id == null) {
            if (!hasError(errors, "id")) {
                errors.add(new FieldError("id", "is required"));
            }
        } else if (!isValidId(id)) {
            errors.add(new FieldError("id", ID_RULE));
        }
        return draft(id, body, errors);
    }

    /** A full replace (PUT) of the user the path names; a body {@code id}, if given, must be that one. */
    public static UserDraft parseReplace(String pathId, JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        checkPathId(pathId, body, errors);
        return draft(pathId, body, errors);
    }

    /**
     * A partial update (PATCH, JSON merge patch semantics) of the user the path names: only the
     * fields present change; {@code null} clears an optional field and puts a preference back to
     * its default. Devices are not patched (PUT the user, or use the devices endpoints).
     */
    public static UserPatch parsePatch(String pathId, JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        checkPathId(pathId, body, errors);
        UserPatch.Value<String> name = body.containsKey("name") ? UserPatch.Value.of(name(body, errors)) : null;
        UserPatch.Value<String> email = body.containsKey("email") ? UserPatch.Value.of(email(body, errors)) : null;
        UserPatch.Value<String> language = body.containsKey("language") ? UserPatch.Value.of(language(body, errors)) : null;
        UserPatch.Value<String> timezone = body.containsKey("timezone") ? UserPatch.Value.of(timezone(body, errors)) : null;
        Boolean emailEnabled = null;
        Boolean pushEnabled = null;
        if (body.containsKey("preferences")) {
            JsonValue given = body.get("preferences");
            if (given.getValueType() == JsonValue.ValueType.NULL) {
                emailEnabled = true;
                pushEnabled = true;
            } else if (given instanceof JsonObject preferences) {
                checkPreferenceNames(preferences, errors);
                emailEnabled = preferences.containsKey("email") ? preference(preferences, "email", errors) : null;
                pushEnabled = preferences.containsKey("push") ? preference(preferences, "push", errors) : null;
            } else {
                errors.add(new FieldError("preferences", "must be an object such as {\"email\": true, \"push\": false}"));
            }
        }
        if (body.containsKey("devices")) {
            errors.add(new FieldError("devices",
                    "cannot be patched: replace the user with PUT, or use PUT/DELETE on /users/{id}/devices/{token}"));
        }
        throwIfAny(errors);
        return new UserPatch(name, email, language, timezone, emailEnabled, pushEnabled);
    }

    /**
     * A device registration: the token from the path, the platform from the body
     * ({@code {"platform": "ios"}}).
     */
    public static DeviceRegistration parseDevice(String token, JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        if (!isValidToken(token)) {
            errors.add(new FieldError("token", TOKEN_RULE));
        }
        Platform platform = platform(body, "platform", "platform", errors);
        throwIfAny(errors);
        return new DeviceRegistration(token, platform);
    }

    /** Whether a user id can exist: 1..255 printable characters without spaces, {@code /} or {@code \}, not a dot segment. */
    public static boolean isValidId(String id) {
        return isPathSafe(id, MAX_ID_LENGTH);
    }

    /** Whether a device token can exist: as an id, but up to 4096 characters. */
    public static boolean isValidToken(String token) {
        return isPathSafe(token, MAX_TOKEN_LENGTH);
    }

    private static boolean isPathSafe(String value, int max) {
        return value != null && !value.isEmpty() && value.length() <= max && !value.equals(".") && !value.equals("..")
                && PATH_SAFE.matcher(value).matches();
    }

    private static void checkPathId(String pathId, JsonObject body, List<FieldError> errors) {
        if (!isValidId(pathId)) {
            errors.add(new FieldError("id", ID_RULE));
            return;
        }
        String bodyId = string(body, "id", errors);
        if (bodyId != null && !bodyId.equals(pathId)) {
            errors.add(new FieldError("id", "must be the id in the path (an id cannot be changed)"));
        }
    }

    private static UserDraft draft(String id, JsonObject body, List<FieldError> errors) {
        String name = name(body, errors);
        String email = email(body, errors);
        String language = language(body, errors);
        String timezone = timezone(body, errors);
        boolean emailEnabled = true;
        boolean pushEnabled = true;
        JsonValue given = present(body, "preferences");
        if (given instanceof JsonObject preferences) {
            checkPreferenceNames(preferences, errors);
            emailEnabled = preference(preferences, "email", errors);
            pushEnabled = preference(preferences, "push", errors);
        } else if (given != null) {
            errors.add(new FieldError("preferences", "must be an object such as {\"email\": true, \"push\": false}"));
        }
        List<DeviceRegistration> devices = devices(body, errors);
        throwIfAny(errors);
        return new UserDraft(id, name, email, language, timezone, emailEnabled, pushEnabled, devices);
    }

    private static String name(JsonObject body, List<FieldError> errors) {
        String name = string(body, "name", errors);
        if (name == null) {
            return null;
        }
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_NAME_LENGTH || name.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "must be 1.." + MAX_NAME_LENGTH + " characters without control characters"));
            return null;
        }
        return name;
    }

    private static String email(JsonObject body, List<FieldError> errors) {
        String email = string(body, "email", errors);
        if (email != null && !EmailAddresses.isValid(email)) {
            errors.add(new FieldError("email", "must be a valid email address of at most "
                    + EmailAddresses.MAX_LENGTH + " characters"));
            return null;
        }
        return email;
    }

    private static String language(JsonObject body, List<FieldError> errors) {
        String language = string(body, "language", errors);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            errors.add(new FieldError("language", "must be a language tag such as \"en\" or \"pt-BR\""));
            return null;
        }
        return language;
    }

    /** An IANA region id ("Europe/Lisbon", "UTC"); offsets ("+02:00", "UTC+2") are no time zone. */
    private static String timezone(JsonObject body, List<FieldError> errors) {
        String timezone = string(body, "timezone", errors);
        if (timezone != null && (timezone.length() > MAX_TIMEZONE_LENGTH || !ZONES.contains(timezone))) {
            errors.add(new FieldError("timezone",
                    "must be an IANA time zone id such as \"Europe/Lisbon\" or \"America/Sao_Paulo\" (not an offset)"));
            return null;
        }
        return timezone;
    }

    private static void checkPreferenceNames(JsonObject preferences, List<FieldError> errors) {
        for (String key : preferences.keySet()) {
            if (!PREFERENCES.contains(key)) {
                errors.add(new FieldError("preferences", "has no preference \"" + truncate(key)
                        + "\": the preferences are \"email\" and \"push\""));
            }
        }
    }

    /** true or false; absent or null is the default, true. */
    private static boolean preference(JsonObject preferences, String key, List<FieldError> errors) {
        JsonValue v = preferences.get(key);
        JsonValue.ValueType type = v == null ? JsonValue.ValueType.NULL : v.getValueType();
        if (type == JsonValue.ValueType.NULL || type == JsonValue.ValueType.TRUE) {
            return true;
        }
        if (type == JsonValue.ValueType.FALSE) {
            return false;
        }
        errors.add(new FieldError("preferences." + key, "must be true or false"));
        return true;
    }

    private static List<DeviceRegistration> devices(JsonObject body, List<FieldError> errors) {
        JsonValue given = present(body, "devices");
        if (given == null) {
            return null;
        }
        if (!(given instanceof JsonArray array)) {
            errors.add(new FieldError("devices", "must be an array of {\"token\": ..., \"platform\": ...}"));
            return null;
        }
        if (array.size() > MAX_DEVICES) {
            errors.add(new FieldError("devices", "must have at most " + MAX_DEVICES + " entries"));
            return null;
        }
        List<DeviceRegistration> devices = new ArrayList<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "devices[" + i + "]";
            if (!(array.get(i) instanceof JsonObject device)) {
                errors.add(new FieldError(path, "must be an object {\"token\": ..., \"platform\": ...}"));
                continue;
            }
            String token = string(device, "token", path + ".token", errors);
            if (token == null) {
                if (!hasError(errors, path + ".token")) {
                    errors.add(new FieldError(path + ".token", "is required"));
                }
            } else if (!isValidToken(token)) {
                errors.add(new FieldError(path + ".token", TOKEN_RULE));
                token = null;
            } else if (firstIndex.containsKey(token)) {
                errors.add(new FieldError(path + ".token", "is the token of devices[" + firstIndex.get(token) + "] again"));
                token = null;
            } else {
                firstIndex.put(token, i);
            }
            Platform platform = platform(device, "platform", path + ".platform", errors);
            if (token != null && platform != null) {
                devices.add(new DeviceRegistration(token, platform));
            }
        }
        return devices;
    }

    private static Platform platform(JsonObject object, String key, String field, List<FieldError> errors) {
        String given = string(object, key, field, errors);
        if (given == null) {
            if (!hasError(errors, field)) {
                errors.add(new FieldError(field, "is required: " + PLATFORM_RULE.substring("must be ".length())));
            }
            return null;
        }
        return Platform.fromWireName(given).orElseGet(() -> {
            errors.add(new FieldError(field, PLATFORM_RULE));
            return null;
        });
    }

    private static String truncate(String key) {
        String printable = key.codePoints().filter(c -> c >= 0x20 && c != 0x7F && c != '"')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidNotificationRequestException(errors);
        }
    }

    private static boolean hasError(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    private static JsonValue present(JsonObject body, String field) {
        JsonValue v = body.get(field);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? null : v;
    }

    private static String string(JsonObject body, String field, List<FieldError> errors) {
        return string(body, field, field, errors);
    }

    private static String string(JsonObject body, String key, String field, List<FieldError> errors) {
        JsonValue v = present(body, key);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }
}
