package io.herald.domain.model.callback;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where status callbacks may go, so that a {@code callback_url} cannot be used to reach into the
 * network Herald runs in (ADR 0011).
 *
 * <ul>
 *   <li>Addresses: internal ones (loopback, private, link-local, unique-local, CGNAT, multicast,
 *   unspecified, broadcast, reserved, cloud metadata, and the IPv6 forms that embed any of these)
 *   are refused unless a network in {@code allowedNetworks} contains them.</li>
 *   <li>Ports: only {@code allowedPorts} (default {@value #DEFAULT_PORTS}); the URL's port, or
 *   80/443 by scheme.</li>
 *   <li>URLs: absolute http(s) with a host. A host written as an address must be dotted-decimal
 *   IPv4 or bracketed IPv6; other numeric spellings ({@code 2130706433}, {@code 0177.0.0.1}) are
 *   refused, since resolvers disagree about which address they mean.</li>
 * </ul>
 *
 * <p>{@link #refusalOf(String)} checks what the URL alone tells (scheme, port, an address literal):
 * used when a notification is accepted and again before sending. {@link #permits(InetAddress)}
 * checks each address a host name resolved to, right before connecting to it. Immutable and
 * thread-safe; never performs a DNS lookup itself.
 */
public final class CallbackTargetPolicy {

    public static final String DEFAULT_PORTS = "80,443";

    static final String INTERNAL_ADDRESS =
            "must not point to a loopback, private, link-local, metadata or other internal address";
    static final String AMBIGUOUS_HOST =
            "must name its host as a DNS name, a dotted-decimal IPv4 address or a bracketed IPv6 address";
    static final String NOT_HTTP = "must be an absolute http(s) URL with a host";

    private final List<Cidr> allowedNetworks;
    private final List<int[]> allowedPorts;
    private final String portsText;

    private CallbackTargetPolicy(List<Cidr> allowedNetworks, List<int[]> allowedPorts, String portsText) {
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.allowedPorts = List.copyOf(allowedPorts);
        this.portsText = portsText;
    }

    /** The default: no internal network allowed, ports 80 and 443. */
    public static CallbackTargetPolicy strict() {
        return of(null, null);
    }

    /**
     * @param allowedNetworks comma- or space-separated CIDR networks (IPv4 and IPv6) that callbacks
     *                        may reach although they are internal; null or blank for none
     * @param allowedPorts    comma- or space-separated ports and ranges ({@code 80,443,8000-8999});
     *                        null or blank for {@value #DEFAULT_PORTS}
     * @throws IllegalArgumentException naming the entry that is not valid
     */
    public static CallbackTargetPolicy of(String allowedNetworks, String allowedPorts) {
        List<Cidr> networks = new ArrayList<>();
        for (String entry : entries(allowedNetworks)) {
            networks.add(Cidr.parse(entry));
        }
        String portsText = allowedPorts == null || allowedPorts.isBlank() ? DEFAULT_PORTS : allowedPorts;
        List<int[]> ports = new ArrayList<>();
        for (String entry : entries(portsText)) {
            ports.add(portRange(entry));
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("no port in '" + portsText + "'");
        }
        return new CallbackTargetPolicy(networks, ports, String.join(",", entries(portsText)));
    }

    /**
     * Why callbacks may not go to {@code url}, judged from the URL alone (scheme, host, port and,
     * for an address literal, the address), or empty if it may be tried; a host name is checked
     * again, address by address, with {@link #permits(InetAddress)} once it is resolved.
     * The reason suits a field error in a 400 answer; it never repeats the URL.
     */
    public Optional<String> refusalOf(String url) {
        if (url == null) {
            return Optional.of(NOT_HTTP);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(NOT_HTTP);
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        boolean http = "http".equalsIgnoreCase(scheme);
        if (!(http || "https".equalsIgnoreCase(scheme)) || host == null || host.isEmpty()) {
            return Optional.of(NOT_HTTP);
        }
        Optional<String> hostRefusal = refusalOfHost(host);
        if (hostRefusal.isPresent()) {
            return hostRefusal;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : http ? 80 : 443;
        if (!permitsPort(port)) {
            return Optional.of("must use an allowed port (" + portsText + "), not " + port);
        }
        return Optional.empty();
    }

    /** An address literal that is refused or ambiguous; a DNS name passes (it is checked once resolved). */
    private Optional<String> refusalOfHost(String host) {
        byte[] literal;
        if (host.startsWith("[")) {
            literal = host.endsWith("]") ? IpLiterals.parseIpv6(host.substring(1, host.length() - 1)) : null;
            if (literal == null) {
                return Optional.of(AMBIGUOUS_HOST);
            }
        } else if (IpLiterals.isNumericHost(host)) {
            literal = IpLiterals.parseIpv4(host);
            if (literal == null) {
                return Optional.of(AMBIGUOUS_HOST);
            }
        } else {
            return Optional.empty();
        }
        return permits(literal) ? Optional.empty() : Optional.of(INTERNAL_ADDRESS);
    }

    /** True if a callback may connect to {@code address}: not internal, or inside an allowed network. */
    public boolean permits(InetAddress address) {
        return address != null && permits(address.getAddress());
    }

    /** Same as {@link #permits(InetAddress)} for a raw 4- or 16-byte address. */
    public boolean permits(byte[] address) {
        if (address == null || (address.length != 4 && address.length != 16)) {
            return false;
        }
        for (byte[] view : AddressClass.views(address)) {
            if (AddressClass.isInternal(view) && !isAllowed(view)) {
                return false;
            }
        }
        return true;
    }

    public boolean permitsPort(int port) {
        for (int[] range : allowedPorts) {
            if (port >= range[0] && port <= range[1]) {
                return true;
            }
        }
        return false;
    }

    private boolean isAllowed(byte[] address) {
        for (Cidr cidr : allowedNetworks) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> entries(String list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String entry : list.split("[,;\\s]+")) {
                if (!entry.isEmpty()) {
                    out.add(entry);
                }
            }
        }
        return out;
    }

    private static int[] portRange(String entry) {
        int dash = entry.indexOf('-');
        int low = port(dash < 0 ? entry : entry.substring(0, dash), entry);
        int high = dash < 0 ? low : port(entry.substring(dash + 1), entry);
        if (low > high) {
            throw new IllegalArgumentException("port range '" + entry + "' is empty");
        }
        return new int[] {low, high};
    }

    private static int port(String text, String entry) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + entry + "' is not a port or a range of ports (1-65535)");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + entry + "' is not a port or a range of ports (1-65535)");
        }
        return port;
    }

    @Override
    public String toString() {
        return "callback targets: internal addresses refused" + (allowedNetworks.isEmpty() ? "" : " except " + allowedNetworks)
                + "; ports " + portsText;
    }
}
