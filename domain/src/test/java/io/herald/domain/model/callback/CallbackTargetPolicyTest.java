package io.herald.domain.model.callback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Classifies addresses only: nothing here opens a connection or asks DNS. */
class CallbackTargetPolicyTest {

    private static final CallbackTargetPolicy STRICT = CallbackTargetPolicy.strict();

    private static byte[] ip(String literal) {
        byte[] b = literal.indexOf(':') >= 0 ? IpLiterals.parseIpv6(literal) : IpLiterals.parseIpv4(literal);
        if (b == null) {
            throw new AssertionError("not a literal: " + literal);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // loopback, unspecified, "this network"
            "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3",
            // RFC 1918
            "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            // link-local and cloud metadata
            "169.254.169.254", "169.254.170.2", "169.254.0.1", "100.100.100.200", "168.63.129.16",
            // CGNAT, special purpose, documentation, benchmarking
            "100.64.0.1", "100.127.255.255", "192.0.0.192", "192.0.2.10", "198.18.0.1", "198.19.255.255",
            "198.51.100.1", "203.0.113.9", "192.88.99.1",
            // multicast, reserved, broadcast
            "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            // IPv6 loopback, unspecified, link-local, unique local (AWS metadata), site-local, multicast
            "::1", "::", "fe80::1", "febf:ffff::1", "fd00:ec2::254", "fc00::1", "fdff:ffff::1", "fec0::1", "ff02::1",
            "ff0e::1", "100::1", "2001:db8::1", "3fff::1", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "64:ff9b:1::1",
            // IPv4-mapped, -compatible, -translated, NAT64 and 6to4 forms of internal IPv4 addresses
            "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:169.254.169.254", "::ffff:a9fe:a9fe", "::ffff:10.0.0.1",
            "0:0:0:0:0:ffff:192.168.0.1", "::127.0.0.1", "::7f00:1", "::169.254.169.254", "::ffff:0:127.0.0.1",
            "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::100.100.100.200", "2002:7f00:1::1",
            "2002:a9fe:a9fe::", "::ffff:0.0.0.0", "::ffff:255.255.255.255", "::0.0.0.2"})
    void internalAddressesAreRefusedByDefault(String address) {
        assertFalse(STRICT.permits(ip(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.215.14", "100.63.255.255", "100.128.0.0", "172.15.255.255",
            "172.32.0.0", "192.167.255.255", "169.253.255.255", "223.255.255.255", "168.63.129.17",
            "2606:4700:4700::1111", "2a00:1450:4001:81c::200e", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1",
            "2a01:4f8::1"})
    void publicAddressesArePermitted(String address) {
        assertTrue(STRICT.permits(ip(address)), address);
    }

    @Test
    void allowedNetworksOpenExactlyWhatTheyName() {
        CallbackTargetPolicy policy = CallbackTargetPolicy.of("127.0.0.2/32, fd00:ec2::/32 10.1.0.0/16", null);
        assertTrue(policy.permits(ip("127.0.0.2")));
        assertFalse(policy.permits(ip("127.0.0.1")));
        assertFalse(policy.permits(ip("127.0.0.3")));
        assertTrue(policy.permits(ip("::ffff:127.0.0.2")), "the mapped form of an allowed address");
        assertTrue(policy.permits(ip("64:ff9b::127.0.0.2")), "its NAT64 form");
        assertFalse(policy.permits(ip("::ffff:127.0.0.1")));
        assertTrue(policy.permits(ip("fd00:ec2::254")));
        assertFalse(policy.permits(ip("fd00:ec3::254")));
        assertTrue(policy.permits(ip("10.1.200.3")));
        assertFalse(policy.permits(ip("10.2.0.1")));
        assertFalse(policy.permits(ip("169.254.169.254")));
    }

    @Test
    void anAllowedIpv6FormDoesNotOpenTheInternalIpv4AddressItEmbeds() {
        CallbackTargetPolicy policy = CallbackTargetPolicy.of("64:ff9b::/96", null);
        assertTrue(policy.permits(ip("64:ff9b::8.8.8.8")));
        assertFalse(policy.permits(ip("64:ff9b::127.0.0.1")));
    }

    @Test
    void ipv6LoopbackCanBeAllowed() {
        CallbackTargetPolicy policy = CallbackTargetPolicy.of("::1/128", null);
        assertTrue(policy.permits(ip("::1")));
        assertFalse(policy.permits(ip("127.0.0.1")));
    }

    @Test
    void mappedNetworksAreStoredAsIpv4() throws Exception {
        CallbackTargetPolicy policy = CallbackTargetPolicy.of("::ffff:10.0.0.0/104,[fd12::]/16", null);
        assertTrue(policy.permits(InetAddress.getByName("10.9.8.7")));
        assertTrue(policy.permits(InetAddress.getByName("fd12:3456::1")));
        assertEquals("10.0.0.0/8", Cidr.parse("::ffff:10.0.0.0/104").toString());
        assertEquals("127.0.0.1/32", Cidr.parse("127.0.0.1").toString());
        assertEquals("0:0:0:0:0:0:0:1/128", Cidr.parse("::1").toString());
    }

    @Test
    void everythingCanBeAllowedExplicitly() {
        CallbackTargetPolicy open = CallbackTargetPolicy.of("0.0.0.0/0,::/0", "1-65535");
        assertTrue(open.permits(ip("169.254.169.254")));
        assertTrue(open.permits(ip("::1")));
        assertTrue(open.permitsPort(22));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/8", "10.0.0.0/33", "fd00::/129", "foo", "1.2.3/8", "10.0.0.0/", "10.0.0.0/-1",
            "fe80::1%eth0/128", "010.0.0.0/8", "::1::/128", "10.0.0.0/8/8", "fd00::1/8"})
    void badNetworksAreNamed(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CallbackTargetPolicy.of("127.0.0.2/32," + entry, null));
        assertTrue(e.getMessage().contains(entry), e.getMessage());
    }

    @Test
    void hostBitsAreReportedWithTheNetworkMeant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.1/8"));
        assertTrue(e.getMessage().contains("10.0.0.0/8"), e.getMessage());
    }

    @Test
    void portsDefaultTo80And443() {
        for (CallbackTargetPolicy p : new CallbackTargetPolicy[] {STRICT, CallbackTargetPolicy.of("", " "),
                CallbackTargetPolicy.of(null, "80,443")}) {
            assertTrue(p.permitsPort(80));
            assertTrue(p.permitsPort(443));
            assertFalse(p.permitsPort(22));
            assertFalse(p.permitsPort(8080));
            assertFalse(p.permitsPort(0));
        }
    }

    @Test
    void portRanges() {
        CallbackTargetPolicy p = CallbackTargetPolicy.of(null, "443, 8000-8999;1024-1024");
        assertTrue(p.permitsPort(443));
        assertTrue(p.permitsPort(8000));
        assertTrue(p.permitsPort(8999));
        assertTrue(p.permitsPort(1024));
        assertFalse(p.permitsPort(80));
        assertFalse(p.permitsPort(9000));
        assertFalse(p.permitsPort(1025));
        CallbackTargetPolicy high = CallbackTargetPolicy.of(null, "1024-65535");
        assertTrue(high.permitsPort(65535));
        assertFalse(high.permitsPort(443));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "9-1", "abc", "80-", "-80", "1-2-3", "080000"})
    void badPortsAreNamed(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CallbackTargetPolicy.of(null, "443," + entry));
        assertTrue(e.getMessage().contains(entry), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/meta-data/",
            "http://100.100.100.200/latest/meta-data/", "http://127.0.0.1/", "https://10.0.0.5/hook", "http://[::1]/",
            "http://[::]/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
            "http://[0:0:0:0:0:ffff:169.254.169.254]/", "http://[::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/",
            "http://[fe80::1%25eth0]/", "http://[fe80::1%eth0]/", "http://255.255.255.255/", "http://user:pw@127.0.0.1/"})
    void internalLiteralsAreRefusedFromTheUrlAlone(String url) {
        assertEquals(Optional.of(CallbackTargetPolicy.INTERNAL_ADDRESS), STRICT.refusalOf(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.000.000.001/",
            "http://0/", "http://00000000177.0.0.1/", "http://8.8.8.08/"})
    void otherNumericSpellingsAreRefused(String url) {
        assertEquals(Optional.of(CallbackTargetPolicy.AMBIGUOUS_HOST), STRICT.refusalOf(url), url);
    }

    /** What the JDK (the sender's resolver) makes of some of those spellings: loopback, without any DNS query. */
    @Test
    void theJdkReadsSuchSpellingsAsAddresses() throws Exception {
        assertTrue(InetAddress.getByName("2130706433").isLoopbackAddress());
        assertTrue(InetAddress.getByName("127.000.000.001").isLoopbackAddress());
        assertTrue(InetAddress.getByName("0").isAnyLocalAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/n", "http://hooks.example.com/n?token=abc", "https://8.8.8.8/x",
            "https://[2606:4700:4700::1111]/x", "http://localhost/", "http://metadata.google.internal/",
            "https://hooks.example.com:443/", "http://1e1/", "http://0x7f.example/"})
    void namesAndPublicLiteralsPassTheUrlCheck(String url) {
        assertEquals(Optional.empty(), STRICT.refusalOf(url), url);
    }

    @Test
    void portsAreCheckedInTheUrl() {
        assertTrue(STRICT.refusalOf("http://hooks.example.com:22/").orElseThrow().contains("not 22"));
        assertTrue(STRICT.refusalOf("https://hooks.example.com:8443/").orElseThrow().contains("80,443"));
        assertTrue(STRICT.refusalOf("http://127.0.0.1:8080/").isPresent());
        CallbackTargetPolicy it = CallbackTargetPolicy.of("127.0.0.2/32", "1024-65535");
        assertEquals(Optional.empty(), it.refusalOf("http://127.0.0.2:40000/ok/1"));
        assertEquals(Optional.of("must use an allowed port (1024-65535), not 22"), it.refusalOf("http://127.0.0.2:22/"));
        assertEquals(Optional.of("must use an allowed port (1024-65535), not 80"), it.refusalOf("http://127.0.0.2/"));
        assertEquals(Optional.of(CallbackTargetPolicy.INTERNAL_ADDRESS), it.refusalOf("http://127.0.0.1:40000/"));
        assertEquals(Optional.of(CallbackTargetPolicy.INTERNAL_ADDRESS), it.refusalOf("http://169.254.169.254/latest/meta-data/"),
                "the address is named before the port");
        assertEquals(Optional.empty(), it.refusalOf("http://localhost:40000/"), "a name: checked when resolved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://hooks.example.com/", "/relative", "http:///nohost", "mailto:a@b.io", "http://a_b.com/",
            "http://[::1/", "not a url", "http://1.2.3.256/", "http://127.1/"})
    void notHttpUrls(String url) {
        assertEquals(Optional.of(CallbackTargetPolicy.NOT_HTTP), STRICT.refusalOf(url), url);
    }

    /** The literal parser agrees with the JDK, which the sender uses, on what address a literal names. */
    @ParameterizedTest
    @ValueSource(strings = {"::1", "::", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "fe80::1%1",
            "2001:db8:0:0:1:0:0:1", "2001:DB8::1", "::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "64:ff9b::1.2.3.4",
            "0:0:0:0:0:ffff:0102:0304", "fd00:ec2::254", "::0:0:1", "1.2.3.4", "255.255.255.255", "0.0.0.0"})
    void parsesLikeTheJdk(String literal) throws Exception {
        byte[] ours = ip(literal);
        byte[] jdk = InetAddress.getByName(literal).getAddress();
        if (jdk.length == 4 && ours.length == 16) {
            assertTrue(AddressClass.isIpv4Mapped(ours), literal);
            assertArrayEquals(jdk, java.util.Arrays.copyOfRange(ours, 12, 16), literal);
        } else {
            assertArrayEquals(jdk, ours, literal);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "1:", ":1", "12345::", "::g", "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3", "::1.2.3.256", "::1.2.3.4.5", "fe80::1%", "1.2.3.4::", ""})
    void rejectsMalformedIpv6(String text) {
        assertNull(IpLiterals.parseIpv6(text), text);
    }

    @Test
    void describesItselfForTheLog() {
        assertEquals("callback targets: internal addresses refused except [127.0.0.2/32]; ports 1024-65535",
                CallbackTargetPolicy.of("127.0.0.2/32", "1024-65535").toString());
    }
}
