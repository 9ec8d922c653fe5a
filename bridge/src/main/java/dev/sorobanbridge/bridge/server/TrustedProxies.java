package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.http.ClientAddress;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Resolves each request's {@link ClientAddress} once, before any handler runs. The client is the socket
 * peer, unless the peer is one of {@code server.trusted-proxies}: then it is the right-most address of
 * {@code X-Forwarded-For} (or, when that header is absent, of RFC 7239 {@code Forwarded: for=}) that is
 * not itself a trusted proxy. Everything left of that address was written by the client and is ignored,
 * and so are both headers when the peer is not a trusted proxy: a client cannot choose its own address.
 */
public final class TrustedProxies implements Filter {
    private static final HeaderName FORWARDED = HeaderNames.create("Forwarded");
    /** A real chain has a handful of hops; walking more is work an attacker chose for us. */
    static final int MAX_HOPS = 16;
    /** The right-most characters of a header that are read; the hops that matter are at its end. */
    static final int MAX_HEADER_CHARS = 2048;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Block> trusted;

    /** @param proxies IP addresses and CIDR blocks, already validated by the config binder */
    public TrustedProxies(List<String> proxies) {
        List<Block> blocks = new ArrayList<>();
        for (String proxy : proxies) blocks.add(Block.parse(proxy));
        this.trusted = List.copyOf(blocks);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        req.context().register(resolve(req));
        chain.proceed();
    }

    ClientAddress resolve(ServerRequest req) {
        ClientAddress peer = ClientAddress.peer(req);
        if (trusted.isEmpty() || !isTrusted(peer.address())) return peer;
        List<String> forwardedFor = req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of);
        if (!forwardedFor.isEmpty()) return new ClientAddress(rightMostUntrusted(peer.address(), forwardedFor, false));
        List<String> forwarded = req.headers().all(FORWARDED, List::of);
        return new ClientAddress(rightMostUntrusted(peer.address(), forwarded, true));
    }

    /**
     * Walks the hops from the right. Each trusted proxy appended the address it received the request
     * from, so the first untrusted address is the client; a hop that cannot be read (garbage, "unknown",
     * an obfuscated name) ends the walk at the last proxy that vouched for it.
     */
    InetAddress rightMostUntrusted(InetAddress peer, List<String> headerLines, boolean rfc7239) {
        String joined = String.join(",", headerLines);
        if (joined.length() > MAX_HEADER_CHARS) {
            // Keep whole hops only: a hop cut in half could read as a different address.
            String tail = joined.substring(joined.length() - MAX_HEADER_CHARS);
            joined = tail.substring(tail.indexOf(',') + 1);
        }
        InetAddress client = peer;
        int end = joined.length();
        for (int hop = 0; hop < MAX_HOPS && end >= 0; hop++) {
            int comma = joined.lastIndexOf(',', end - 1);
            String element = joined.substring(comma + 1, end);
            end = comma;
            InetAddress address = parseAddress(rfc7239 ? forParameter(element) : element);
            if (address == null) return client;
            if (!isTrusted(address)) return address;
            client = address;
        }
        return client;
    }

    boolean isTrusted(InetAddress address) {
        for (Block block : trusted) {
            if (block.contains(address)) return true;
        }
        return false;
    }

    /** The value of {@code for=} in one {@code Forwarded} element, or null. */
    private static String forParameter(String element) {
        for (String pair : element.split(";", 8)) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }

    /**
     * An IP literal, optionally quoted, bracketed (IPv6) or with a port; null for anything else. Never
     * resolves a name: a header must not make us query DNS.
     */
    static InetAddress parseAddress(String raw) {
        if (raw == null) return null;
        String text = raw.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) text = text.substring(1, text.length() - 1);
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) return null;
            return ipv6(text.substring(1, close));
        }
        int colon = text.indexOf(':');
        if (colon >= 0 && colon == text.lastIndexOf(':')) text = text.substring(0, colon); // IPv4 with a port
        if (text.indexOf(':') >= 0) return ipv6(text);
        return ipv4(text);
    }

    private static InetAddress ipv4(String text) {
        var m = IPV4.matcher(text);
        if (!m.matches()) return null;
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(m.group(i + 1));
            if (part > 255) return null;
            bytes[i] = (byte) part;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            return null;
        }
    }

    private static InetAddress ipv6(String text) {
        if (text.isEmpty() || text.length() > 45 || !IPV6_CHARS.matcher(text).matches()) return null;
        try {
            // Brackets make the JDK parse it as an IPv6 literal or fail, never look it up.
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** One trusted address or CIDR block. */
    private record Block(byte[] network, int prefixBits) {
        static Block parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = parseAddress(slash < 0 ? text : text.substring(0, slash));
            if (address == null) throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
            byte[] bytes = address.getAddress();
            int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            return new Block(bytes, bits);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) return false;
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) return false;
            }
            int rest = prefixBits % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }
}
