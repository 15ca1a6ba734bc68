package io.herald.domain.model.callback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses are internal: not a public Internet host a callback receiver could be. Each
 * address is judged together with the IPv4 address it embeds, if it is one of the IPv6 forms that
 * carry one (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64 {@code 64:ff9b::/96}, 6to4
 * {@code 2002::/16}), because connecting to such a form reaches, or is routed towards, the
 * embedded IPv4 address.
 */
final class AddressClass {

    /** Loopback, private, link-local, unique-local, multicast, unspecified, reserved and cloud metadata ranges. */
    static final List<Cidr> INTERNAL = List.of(
            // IPv4
            Cidr.parse("0.0.0.0/8"),         // "this network"; 0.0.0.0 reaches the local host on Linux
            Cidr.parse("10.0.0.0/8"),        // private (RFC 1918)
            Cidr.parse("100.64.0.0/10"),     // carrier-grade NAT (RFC 6598); Alibaba Cloud metadata 100.100.100.200
            Cidr.parse("127.0.0.0/8"),       // loopback
            Cidr.parse("169.254.0.0/16"),    // link-local; metadata 169.254.169.254 (AWS, GCP, Azure, OCI, ...), ECS 169.254.170.2
            Cidr.parse("172.16.0.0/12"),     // private (RFC 1918)
            Cidr.parse("192.0.0.0/24"),      // IETF protocol assignments (RFC 6890)
            Cidr.parse("192.0.2.0/24"),      // documentation (TEST-NET-1)
            Cidr.parse("192.88.99.0/24"),    // 6to4 relay anycast (deprecated)
            Cidr.parse("192.168.0.0/16"),    // private (RFC 1918)
            Cidr.parse("198.18.0.0/15"),     // benchmarking (RFC 2544), often used internally
            Cidr.parse("198.51.100.0/24"),   // documentation (TEST-NET-2)
            Cidr.parse("203.0.113.0/24"),    // documentation (TEST-NET-3)
            Cidr.parse("224.0.0.0/4"),       // multicast
            Cidr.parse("240.0.0.0/4"),       // reserved, including the broadcast address 255.255.255.255
            Cidr.parse("168.63.129.16/32"),  // Azure's host endpoint (WireServer): a public address only the host answers
            // IPv6
            Cidr.parse("::/128"),            // unspecified
            Cidr.parse("::1/128"),           // loopback
            Cidr.parse("100::/64"),          // discard-only
            Cidr.parse("2001::/32"),         // Teredo (the IPv4 address inside is obfuscated: refuse the lot)
            Cidr.parse("2001:2::/48"),       // benchmarking
            Cidr.parse("2001:db8::/32"),     // documentation
            Cidr.parse("3fff::/20"),         // documentation (RFC 9637)
            Cidr.parse("64:ff9b:1::/48"),    // local-use NAT64 (RFC 8215)
            Cidr.parse("fc00::/7"),          // unique local (ULA); AWS metadata fd00:ec2::254
            Cidr.parse("fe80::/10"),         // link-local
            Cidr.parse("fec0::/10"),         // site-local (deprecated)
            Cidr.parse("ff00::/8"));         // multicast

    private AddressClass() {
    }

    static boolean isInternal(byte[] address) {
        for (Cidr cidr : INTERNAL) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The address itself and, for the IPv6 forms that embed one, the IPv4 address inside. */
    static List<byte[]> views(byte[] address) {
        List<byte[]> views = new ArrayList<>(2);
        views.add(address);
        byte[] embedded = embeddedIpv4(address);
        if (embedded != null) {
            views.add(embedded);
        }
        return views;
    }

    static boolean isIpv4Mapped(byte[] a) {
        return a.length == 16 && zero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    private static byte[] embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return null;
        }
        boolean mapped = isIpv4Mapped(a);                                   // ::ffff:a.b.c.d
        boolean compatible = zero(a, 0, 12)
                && !(zero(a, 12, 15) && (a[15] == 0 || a[15] == 1));        // ::a.b.c.d, but not :: or ::1
        boolean translated = zero(a, 0, 8) && (a[8] & 0xff) == 0xff && (a[9] & 0xff) == 0xff
                && zero(a, 10, 12);                                         // ::ffff:0:a.b.c.d (SIIT)
        boolean nat64 = a[0] == 0 && a[1] == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b
                && zero(a, 4, 12);                                          // 64:ff9b::a.b.c.d
        if (mapped || compatible || translated || nat64) {
            return Arrays.copyOfRange(a, 12, 16);
        }
        if (a[0] == 0x20 && a[1] == 0x02) {                                 // 2002:aabb:ccdd::/48 (6to4)
            return Arrays.copyOfRange(a, 2, 6);
        }
        return null;
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
