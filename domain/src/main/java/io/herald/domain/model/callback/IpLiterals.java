package io.herald.domain.model.callback;

import java.util.regex.Pattern;

/**
 * IP address literals as text, parsed without ever asking DNS: strict dotted-decimal IPv4
 * ({@code 192.0.2.1}) and IPv6 (RFC 4291 text forms, with {@code ::}, an embedded dotted-decimal
 * IPv4 tail and an optional {@code %zone}). Also recognises the other numeric spellings of IPv4
 * that resolvers accept ({@code 2130706433}, {@code 127.1}, {@code 0x7f.1}, {@code 0177.0.0.1}):
 * they are ambiguous (Java reads {@code 0177} as decimal, the C library as octal), so callers
 * refuse them instead of guessing which address they name.
 */
final class IpLiterals {

    private static final Pattern NUMERIC_HOST =
            Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

    private IpLiterals() {
    }

    /** A host made only of numbers and dots (decimal, octal or hex), i.e. some spelling of an IPv4 address. */
    static boolean isNumericHost(String host) {
        return NUMERIC_HOST.matcher(host).matches();
    }

    /** {@code a.b.c.d}, four decimal numbers 0..255 without leading zeros; else null. */
    static byte[] parseIpv4(String text) {
        if (!DOTTED_QUAD.matcher(text).matches()) {
            return null;
        }
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** An IPv6 address without brackets, optionally with a {@code %zone} (ignored); else null. */
    static byte[] parseIpv6(String text) {
        String s = text;
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == s.length() - 1) {
                return null;
            }
            s = s.substring(0, zone);
        }
        int lastColon = s.lastIndexOf(':');
        if (lastColon < 0) {
            return null;
        }
        byte[] ipv4Tail = null;
        String tail = s.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0) {
            ipv4Tail = parseIpv4Tail(tail);
            if (ipv4Tail == null) {
                return null;
            }
            s = s.substring(0, lastColon + 1) + "0:0";
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] left = groups(gap >= 0 ? s.substring(0, gap) : s);
        int[] right = groups(gap >= 0 ? s.substring(gap + 2) : "");
        if (left == null || right == null) {
            return null;
        }
        if (gap < 0 ? left.length != 8 : left.length + right.length > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < left.length; i++) {
            bytes[2 * i] = (byte) (left[i] >> 8);
            bytes[2 * i + 1] = (byte) left[i];
        }
        for (int i = 0; i < right.length; i++) {
            int at = 8 - right.length + i;
            bytes[2 * at] = (byte) (right[i] >> 8);
            bytes[2 * at + 1] = (byte) right[i];
        }
        if (ipv4Tail != null) {
            System.arraycopy(ipv4Tail, 0, bytes, 12, 4);
        }
        return bytes;
    }

    /** The dotted-decimal tail of an IPv6 literal: like {@link #parseIpv4}, leading zeros tolerated (read as decimal, as Java does). */
    private static byte[] parseIpv4Tail(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static int[] groups(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!HEX_GROUP.matcher(parts[i]).matches()) {
                return null;
            }
            values[i] = Integer.parseInt(parts[i], 16);
        }
        return values;
    }

    /** Text form for messages: dotted decimal, or full uncompressed IPv6. */
    static String format(byte[] address) {
        StringBuilder b = new StringBuilder();
        if (address.length == 4) {
            for (int i = 0; i < 4; i++) {
                b.append(i == 0 ? "" : ".").append(address[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                b.append(i == 0 ? "" : ":").append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)));
            }
        }
        return b.toString();
    }
}
