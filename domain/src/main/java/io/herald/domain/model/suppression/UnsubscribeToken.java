package io.herald.domain.model.suppression;

import io.herald.domain.model.notification.EmailAddresses;
import io.herald.domain.model.notification.Redaction;
import io.herald.domain.model.template.Template;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of a one-click unsubscribe link (RFC 8058): who unsubscribes from which category,
 * until when the link works, checkable without a lookup. Pure: no clock, no configuration, no I/O.
 *
 * <p>Layout, base64url without padding:
 * {@code version (1 byte) | expiry (8 bytes, epoch seconds) | tag (32 bytes) | ciphertext}, where
 * the plaintext is {@code category length (1 byte) | category | address} (UTF-8),
 * {@code tag = HMAC-SHA256(macKey, version | expiry | plaintext)} and the ciphertext is the
 * plaintext under AES-256-CTR with the first 16 bytes of the tag as the counter block (a
 * synthetic IV, as in SIV). The HMAC authenticates address, category and expiry; the encryption
 * keeps the address out of every place a URL is written down (proxy logs, browser history, link
 * scanners). Both keys are derived from one secret ({@link #MIN_SECRET_LENGTH} characters or more)
 * with HMAC-SHA256 and distinct labels. Tags are compared in constant time, and the expiry is
 * only reported for a token whose tag is valid.
 *
 * <p>The address is carried in its lower-cased form ({@link Redaction#erasureKey}), the form the
 * suppression list stores. Transactional mail has no unsubscribe link: no token names that
 * category, and none that does is accepted.
 */
public final class UnsubscribeToken {

    private static final byte VERSION = 1;
    private static final int TAG_BYTES = 32;
    private static final int IV_BYTES = 16;
    /** Version, expiry and tag: what precedes the ciphertext. */
    private static final int HEADER_BYTES = 1 + 8 + TAG_BYTES;
    private static final String HMAC = "HmacSHA256";

    /** Shortest secret accepted, in characters. */
    public static final int MIN_SECRET_LENGTH = 32;
    /** Longest category a token carries, in UTF-8 bytes (template categories are at most 64 characters of a-z0-9_-). */
    public static final int MAX_CATEGORY_BYTES = 64;
    /** Shortest possible token text: a one-letter category and a three-character address. */
    public static final int MIN_LENGTH = encodedLength(HEADER_BYTES + 1 + 1 + 3);
    /** Longest possible token text: the longest category and a 254-character address. */
    public static final int MAX_LENGTH = encodedLength(HEADER_BYTES + 1 + MAX_CATEGORY_BYTES + EmailAddresses.MAX_LENGTH);

    private final SecretKeySpec macKey;
    private final SecretKeySpec encryptionKey;

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_SECRET_LENGTH}
     *         characters (the message never quotes it)
     */
    public UnsubscribeToken(String secret) {
        if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("an unsubscribe secret has at least " + MIN_SECRET_LENGTH + " characters");
        }
        byte[] master = secret.strip().getBytes(StandardCharsets.UTF_8);
        byte[] mac = hmac(new SecretKeySpec(master, HMAC), "herald unsubscribe token v1: mac".getBytes(StandardCharsets.US_ASCII));
        byte[] enc = hmac(new SecretKeySpec(master, HMAC), "herald unsubscribe token v1: aes".getBytes(StandardCharsets.US_ASCII));
        this.macKey = new SecretKeySpec(mac, HMAC);
        this.encryptionKey = new SecretKeySpec(enc, "AES");
        Arrays.fill(master, (byte) 0);
        Arrays.fill(mac, (byte) 0);
        Arrays.fill(enc, (byte) 0);
    }

    /**
     * A token for this address and category, valid until {@code expires}.
     *
     * @throws IllegalArgumentException when the address is not valid, or the category is
     *         missing, transactional or longer than {@link #MAX_CATEGORY_BYTES} bytes
     */
    public String issue(String address, String category, Instant expires) {
        String key = Redaction.erasureKey(address).orElseThrow(() -> new IllegalArgumentException("not a valid email address"));
        Objects.requireNonNull(expires, "expires");
        byte[] categoryBytes = categoryBytes(category);
        byte[] addressBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer plain = ByteBuffer.allocate(1 + categoryBytes.length + addressBytes.length);
        plain.put((byte) categoryBytes.length).put(categoryBytes).put(addressBytes);
        byte[] plaintext = plain.array();
        long expiry = expires.getEpochSecond();
        byte[] tag = tag(expiry, plaintext);
        byte[] ciphertext = ctr(tag, plaintext);
        ByteBuffer token = ByteBuffer.allocate(HEADER_BYTES + ciphertext.length);
        token.put(VERSION).putLong(expiry).put(tag).put(ciphertext);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    /**
     * What a token says, if this key made it and it has not expired at {@code now}.
     * Never throws for any input.
     */
    public Result verify(String token, Instant now) {
        Objects.requireNonNull(now, "now");
        if (!looksLikeToken(token)) {
            return Result.INVALID;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Result.INVALID;
        }
        if (bytes.length < HEADER_BYTES + 1 + 1 + 3 || bytes[0] != VERSION) {
            return Result.INVALID;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get();
        long expiry = in.getLong();
        byte[] tag = new byte[TAG_BYTES];
        in.get(tag);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        byte[] plaintext = ctr(tag, ciphertext);
        if (!MessageDigest.isEqual(tag, tag(expiry, plaintext))) {
            return Result.INVALID;
        }
        int categoryLength = plaintext[0] & 0xFF;
        if (categoryLength == 0 || categoryLength > MAX_CATEGORY_BYTES || 1 + categoryLength >= plaintext.length) {
            return Result.INVALID;
        }
        Optional<String> category = utf8(Arrays.copyOfRange(plaintext, 1, 1 + categoryLength));
        Optional<String> address = utf8(Arrays.copyOfRange(plaintext, 1 + categoryLength, plaintext.length));
        if (category.isEmpty() || address.isEmpty() || Template.TRANSACTIONAL.equals(category.get())
                || !Redaction.erasureKey(address.get()).equals(address)) {
            return Result.INVALID;
        }
        Instant expires = Instant.ofEpochSecond(expiry);
        Status status = now.isAfter(expires) ? Status.EXPIRED : Status.VALID;
        return new Result(status, address.get(), category.get(), expires);
    }

    /**
     * Whether the text has the form of a token: {@link #MIN_LENGTH}..{@link #MAX_LENGTH}
     * characters of the base64url alphabet ({@code A-Z a-z 0-9 - _}, no padding), of a length
     * unpadded base64 can have. Says nothing about its validity; used to refuse anything else
     * before any work is done (and by the web layer to decide which paths are open).
     */
    public static boolean looksLikeToken(String text) {
        if (text == null || text.length() < MIN_LENGTH || text.length() > MAX_LENGTH || text.length() % 4 == 1) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static byte[] categoryBytes(String category) {
        if (category == null || category.isEmpty() || Template.TRANSACTIONAL.equals(category)) {
            throw new IllegalArgumentException("transactional mail has no unsubscribe link");
        }
        byte[] bytes = category.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_CATEGORY_BYTES) {
            throw new IllegalArgumentException("a category has at most " + MAX_CATEGORY_BYTES + " bytes");
        }
        return bytes;
    }

    private byte[] tag(long expiry, byte[] plaintext) {
        ByteBuffer signed = ByteBuffer.allocate(1 + 8 + plaintext.length);
        signed.put(VERSION).putLong(expiry).put(plaintext);
        return hmac(macKey, signed.array());
    }

    /** AES-256-CTR with the tag's first 16 bytes as the initial counter block: its own inverse. */
    private byte[] ctr(byte[] tag, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(tag, 0, IV_BYTES));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is required by every JDK", e);
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static int encodedLength(int bytes) {
        return (bytes * 4 + 2) / 3;
    }

    /** Whether a token is good, and what it says (address and category only when its tag is valid). */
    public enum Status {
        /** Made with this key, not expired. */
        VALID,
        /** Made with this key, but past its expiry. */
        EXPIRED,
        /** Not a token this key made (malformed, tampered with, another key, another version). */
        INVALID
    }

    /**
     * The outcome of {@link #verify}. {@code address} and {@code category} are null for
     * {@link Status#INVALID}. Contains personal data: {@link #toString()} leaves the address out.
     */
    public record Result(Status status, String address, String category, Instant expires) {

        static final Result INVALID = new Result(Status.INVALID, null, null, null);

        public boolean isValid() {
            return status == Status.VALID;
        }

        @Override
        public String toString() {
            return "UnsubscribeToken.Result[" + status + (category == null ? "" : ", " + category) + "]";
        }
    }
}
