package io.herald.infrastructure.http;

import io.herald.domain.model.callback.CallbackTargetPolicy;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only way from a host name to addresses: one lookup, then every address the
 * policy refuses is dropped, and the client connects to exactly the addresses that are left. No
 * second lookup happens between the check and the connection, so a DNS answer that changes in
 * between (DNS rebinding) cannot swap in an internal address. If no address is left, the
 * connection fails with {@link CallbackRefusedException} before any socket is opened.
 *
 * <p>Address literals come through here too ({@code [::1]}, {@code 127.0.0.1}): the JDK parses
 * them without DNS, and the result is checked like any other address.
 */
public final class PolicyDnsResolver implements DnsResolver {

    /** The lookup itself; {@code InetAddress::getAllByName} outside tests. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] allByName(String host) throws UnknownHostException;
    }

    private final CallbackTargetPolicy policy;
    private final Lookup lookup;

    public PolicyDnsResolver(CallbackTargetPolicy policy, Lookup lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = lookup.allByName(forLookup(host));
        if (all == null || all.length == 0) {
            throw new UnknownHostException("no address");
        }
        List<InetAddress> permitted = new ArrayList<>(all.length);
        for (InetAddress address : all) {
            if (policy.permits(address)) {
                permitted.add(address);
            }
        }
        if (permitted.isEmpty()) {
            throw new CallbackRefusedException("the host resolves only to refused addresses");
        }
        return permitted.toArray(new InetAddress[0]);
    }

    /** The connection path of HttpClient 5.5+: the port is checked here as well. */
    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        if (!policy.permitsPort(port)) {
            throw new CallbackRefusedException("port " + port + " is not allowed");
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress address : resolve(host)) {
            out.add(new InetSocketAddress(address, port));
        }
        return out;
    }

    /** Only for authentication schemes we never use; answered without a lookup. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    /**
     * HttpClient hands over the host as in the URL: an IPv6 literal in brackets, an
     * internationalised name in Unicode. The lookup gets the bare literal, or the name in ASCII
     * (punycode) as DNS wants it.
     */
    private static String forLookup(String host) throws UnknownHostException {
        if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            return host.substring(1, host.length() - 1);
        }
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) > 0x7f) {
                try {
                    return IDN.toASCII(host);
                } catch (IllegalArgumentException e) {
                    throw new UnknownHostException("not a valid internationalised host name");
                }
            }
        }
        return host;
    }
}
