package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.http.ClientAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forwarded-for rules on their own: which hop is the client, and what is not an address. */
class ClientAddressTest {
    private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    private static InetAddress ip(String text) {
        return TrustedProxies.parseAddress(text);
    }

    private String client(String peer, boolean rfc7239, String... lines) {
        return proxies.rightMostUntrusted(ip(peer), List.of(lines), rfc7239).getHostAddress();
    }

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        assertEquals("203.0.113.5", client("10.0.0.1", false, "203.0.113.5"));
        assertEquals("203.0.113.5", client("10.0.0.1", false, "198.51.100.1, 203.0.113.5, 10.9.9.9, 192.168.1.7"));
        assertEquals("203.0.113.5", client("10.0.0.1", false, "198.51.100.1", "203.0.113.5,10.9.9.9"), "several header lines");
        assertEquals("10.3.3.3", client("10.0.0.1", false, "10.3.3.3, 10.2.2.2"), "only proxies: the left-most of them");
        assertEquals("10.0.0.1", client("10.0.0.1", false, ""), "an empty header: the peer");
        assertEquals("10.9.9.9", client("10.0.0.1", false, "not-an-ip, 10.9.9.9"),
                "an unreadable hop ends the walk at the proxy that reported it");
        assertEquals("203.0.113.5", client("10.0.0.1", false, "203.0.113.5:51234"), "a port is dropped");
    }

    @Test
    void forwardedElementsAreReadLikeForwardedFor() {
        assertEquals("2001:db8:0:0:0:0:0:7", client("10.0.0.1", true, "for=\"[2001:db8::7]:4711\";proto=https, for=10.1.1.1"));
        assertEquals("192.0.2.60", client("10.0.0.1", true, "For=192.0.2.60;by=10.0.0.1"));
        assertEquals("10.0.0.1", client("10.0.0.1", true, "for=unknown"), "an obfuscated client: the proxy");
        assertEquals("10.0.0.1", client("10.0.0.1", true, "proto=https"), "no for=: the proxy");
    }

    @Test
    void parsingIsBoundedAndNeverResolvesNames() {
        assertNull(ip("localhost"));
        assertNull(ip("example.com"));
        assertNull(ip("999.1.1.1"));
        assertNull(ip("1.2.3"));
        assertNull(ip("[2001:db8::1"));
        assertNull(ip("2001:db8::zz"));
        assertNull(ip("abc::def::1"));
        assertEquals("0:0:0:0:0:0:0:1", ip("[::1]").getHostAddress());
        assertEquals("10.0.0.1", ip("::ffff:10.0.0.1").getHostAddress(), "an IPv4-mapped address is the IPv4 address");

        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 10_000; i++) chain.append("10.0.").append(i % 250).append('.').append(i % 200).append(", ");
        chain.append("10.1.1.1");
        String resolved = client("10.0.0.1", false, chain.toString());
        // A chain of thousands of proxies is cut after MAX_HOPS hops: the client is the last proxy looked at.
        assertTrue(proxies.isTrusted(ip(resolved)));
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        assertEquals("2001:0db8:0001:0002::/64", new ClientAddress(ip("2001:db8:1:2::7")).limitKey());
        assertEquals("2001:0db8:0001:0002::/64", new ClientAddress(ip("2001:db8:1:2:ffff:1:2:3")).limitKey());
        assertEquals("203.0.113.5", new ClientAddress(ip("203.0.113.5")).limitKey());
    }

    @Test
    void cidrBlocksMatchByPrefix() {
        TrustedProxies p = new TrustedProxies(List.of("172.16.0.0/12", "2001:db8:ab00::/40", "127.0.0.5"));
        assertTrue(p.isTrusted(ip("172.31.255.255")));
        assertFalse(p.isTrusted(ip("172.32.0.0")));
        assertTrue(p.isTrusted(ip("2001:db8:abff::1")));
        assertFalse(p.isTrusted(ip("2001:db8:ac00::1")));
        assertTrue(p.isTrusted(ip("127.0.0.5")));
        assertFalse(p.isTrusted(ip("127.0.0.6")));
    }
}
