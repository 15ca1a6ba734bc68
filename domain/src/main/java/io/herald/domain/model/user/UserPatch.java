package io.herald.domain.model.user;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated partial update (PATCH, JSON merge patch): only the fields the request named.
 * A {@code null} component leaves that field as it is; a {@link Value} sets it, and a
 * {@code Value} holding {@code null} clears an optional field. The preferences are never
 * cleared: a request's {@code null} for them means the default ({@code true}).
 */
public record UserPatch(Value<String> name, Value<String> email, Value<String> language, Value<String> timezone,
                        Boolean emailEnabled, Boolean pushEnabled) {

    /** The new value of a named field; {@code null} clears it. */
    public record Value<T>(T value) {

        public static <T> Value<T> of(T value) {
            return new Value<>(value);
        }

        @Override
        public String toString() {
            return value == null ? "Value[cleared]" : "Value[set]";
        }
    }

    /** The names of the fields this patch changes, in request terms. */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        if (name != null) names.add("name");
        if (email != null) names.add("email");
        if (language != null) names.add("language");
        if (timezone != null) names.add("timezone");
        if (emailEnabled != null) names.add("preferences.email");
        if (pushEnabled != null) names.add("preferences.push");
        return names;
    }

    /** Names the changed fields, never their values. */
    @Override
    public String toString() {
        return "UserPatch" + fieldNames();
    }
}
