package io.herald.domain.model.callback;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8},
 * {@code [fd00::]/8}); a bare address is a single-address network. An IPv4-mapped IPv6 network
 * ({@code ::ffff:10.0.0.0/104}) is stored as the IPv4 network it maps.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * @throws IllegalArgumentException naming the problem: not an address, prefix out of range,
     *                                  or host bits set ({@code 10.0.0.1/8})
     */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        byte[] bytes = address.indexOf(':') >= 0 ? IpLiterals.parseIpv6(address) : IpLiterals.parseIpv4(address);
        if (bytes == null || address.indexOf('%') >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 network (a.b.c.d/n or x:y::/n)");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String digits = s.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(digits) > max) {
                throw new IllegalArgumentException("'" + text + "' has no prefix length from 0 to " + max);
            }
            prefix = Integer.parseInt(digits);
        }
        Cidr cidr = new Cidr(bytes, prefix);
        if (!Arrays.equals(bytes, cidr.masked(bytes))) {
            throw new IllegalArgumentException("'" + text + "' has bits set after the prefix; the network is "
                    + IpLiterals.format(cidr.masked(bytes)) + "/" + prefix);
        }
        if (bytes.length == 16 && prefix >= 96 && AddressClass.isIpv4Mapped(bytes)) {
            return new Cidr(Arrays.copyOfRange(bytes, 12, 16), prefix - 96);
        }
        return cidr;
    }

    /** True if {@code address} (4 or 16 bytes) lies in this network; an IPv4 network never contains an IPv6 address. */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(network, masked(address));
    }

    private byte[] masked(byte[] address) {
        byte[] out = address.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    @Override
    public String toString() {
        return IpLiterals.format(network) + "/" + prefix;
    }
}
