package dev.sorobanbridge.bridge.http;

import io.helidon.webserver.http.ServerRequest;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;

/**
 * The address a request comes from, as {@code server.trusted-proxies} resolves it: the socket peer, or
 * behind a trusted proxy the address that proxy saw. Every per-IP limit and the access log use it.
 *
 * @param address the client's address (never a trusted proxy's unless the whole chain is trusted)
 */
public record ClientAddress(InetAddress address) {
    /** The bits of an IPv6 address one subscriber usually holds: limits count a whole /64 as one client. */
    private static final int IPV6_CLIENT_PREFIX_BYTES = 8;

    /** The address the server resolved for this request, or the socket peer when no resolver ran. */
    public static ClientAddress of(ServerRequest req) {
        return req.context().get(ClientAddress.class).orElseGet(() -> peer(req));
    }

    /** The socket peer, ignoring every header. */
    public static ClientAddress peer(ServerRequest req) {
        if (req.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return new ClientAddress(inet.getAddress());
        }
        // Not an IP socket (never the case for a TCP listener): one shared key is the safe answer.
        return new ClientAddress(InetAddress.getLoopbackAddress());
    }

    /** For logs: the address in its usual text form. */
    public String text() {
        return address.getHostAddress();
    }

    /**
     * The key per-IP limits count by: the IPv4 address, or the /64 of an IPv6 address (a subscriber
     * normally gets a whole /64, so counting single IPv6 addresses would let one client be many).
     */
    public String limitKey() {
        if (!(address instanceof Inet6Address)) return address.getHostAddress();
        byte[] bytes = address.getAddress();
        HexFormat hex = HexFormat.of();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < IPV6_CLIENT_PREFIX_BYTES; i += 2) {
            key.append(hex.toHexDigits(bytes[i])).append(hex.toHexDigits(bytes[i + 1])).append(':');
        }
        return key.append(":/64").toString();
    }
}
