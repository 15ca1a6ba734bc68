package io.herald.interfaces.rest;

import static io.herald.infrastructure.json.Jsons.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads request bodies as JSON objects, turning every way a body can be wrong (too large, not
 * UTF-8, not JSON, not an object, nested too deep) into an {@link UnreadableBodyException}
 * (400 or 413 problem) instead of a 500.
 */
final class JsonBodies {

    static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_DEPTH = 16;

    private JsonBodies() {
    }

    static JsonObject readObject(InputStream in) {
        return readObject(in, MAX_BODY_BYTES);
    }

    /** A JSON object body of at most {@code maxBytes}. */
    static JsonObject readObject(InputStream in, int maxBytes) {
        return parse(readBounded(in, maxBytes)).orElseThrow(() -> new UnreadableBodyException(400, "the request body is empty"));
    }

    /** A JSON object body of at most {@code maxBytes}, with the SHA-256 of its bytes (hex). */
    static Digested readDigestedObject(InputStream in, int maxBytes) {
        byte[] bytes = readBounded(in, maxBytes);
        JsonObject object = parse(bytes).orElseThrow(() -> new UnreadableBodyException(400, "the request body is empty"));
        try {
            return new Digested(object, java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** A body and the digest of its bytes. */
    record Digested(JsonObject object, String sha256) {
    }

    /** Like {@link #readObject}, but an empty body is allowed (and empty). */
    static java.util.Optional<JsonObject> readOptionalObject(InputStream in) {
        return parse(readBounded(in, MAX_BODY_BYTES));
    }

    private static java.util.Optional<JsonObject> parse(byte[] bytes) {
        if (bytes.length == 0) {
            return java.util.Optional.empty();
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new UnreadableBodyException(400, "the body is not UTF-8");
        }
        if (depth(bytes) > MAX_DEPTH) {
            throw new UnreadableBodyException(400, "JSON is nested deeper than " + MAX_DEPTH + " levels");
        }
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(bytes))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new UnreadableBodyException(400, "the body must be a JSON object");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new UnreadableBodyException(400, "unexpected content after the JSON object");
            }
            return java.util.Optional.of(object);
        } catch (JsonParsingException e) {
            var location = e.getLocation();
            throw new UnreadableBodyException(400, location == null ? "malformed JSON"
                    : "malformed JSON at line " + location.getLineNumber() + ", column " + location.getColumnNumber());
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new UnreadableBodyException(400, "malformed JSON");
        }
    }

    private static byte[] readBounded(InputStream in, int maxBytes) {
        try {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new UnreadableBodyException(413, "the body must be at most " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UnreadableBodyException(400, "the body could not be read");
        }
    }

    /** Nesting depth of brackets outside strings; cheap guard before parsing. */
    static int depth(byte[] json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                max = Math.max(max, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return max;
    }
}
