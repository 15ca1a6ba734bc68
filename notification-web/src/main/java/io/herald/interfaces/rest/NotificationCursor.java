package io.herald.interfaces.rest;

import io.herald.application.NotificationQuery.Position;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The {@code cursor} of a notification listing: where the previous page ended (creation time
 * and id of its last notification), as unpadded URL-safe base64 of a version byte, the instant
 * (seconds and nanoseconds), the id and a CRC-32 of those. Opaque to callers: anything that is
 * not a cursor this class wrote (truncated, edited, another version) does not decode, which the
 * API answers with 400, and so is an instant outside 1970..9999. It is not a secret and not
 * signed; a forged one only moves the position within the caller's own notifications.
 */
final class NotificationCursor {

    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + 8 + 4 + 8 + 4;

    private NotificationCursor() {
    }

    static String encode(Position position) {
        Instant at = position.createdAt().toInstant();
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(VERSION).putLong(at.getEpochSecond()).putInt(at.getNano()).putLong(position.id());
        b.putInt((int) crc(b.array(), LENGTH - 4));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The position a cursor names, or empty when the text is not a cursor this API wrote. */
    static Optional<Position> decode(String cursor) {
        if (cursor == null || cursor.length() > 64) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.get();
        long seconds = b.getLong();
        int nanos = b.getInt();
        long id = b.getLong();
        int check = b.getInt();
        if (check != (int) crc(bytes, LENGTH - 4) || nanos < 0 || nanos > 999_999_999 || id < 0) {
            return Optional.empty();
        }
        if (seconds < 0 || seconds >= NotificationListingRequest.LATEST.toEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new Position(OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC), id));
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
