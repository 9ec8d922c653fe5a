package dev.sorobanbridge.bench.driver;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one load run does. Built from command-line flags by {@link #parse}; every value is checked
 * there, with a message naming the flag.
 *
 * @param url          the bridge's base URL; loopback only, so a typo cannot load someone else's server
 * @param streams      concurrent SSE streams to hold
 * @param duration     how long to hold them once they are all open (the measurement window)
 * @param ramp         over how long the streams are opened, evenly spread
 * @param filters      the mix of stream filters
 * @param slowFraction share of the streams that stop reading after {@code connected} (slow consumers)
 * @param login        how each simulated client gets its JWT
 * @param serverPid    the server's process id for RSS, CPU and heap figures; 0 when unknown
 * @param settle       at the end, how long streams get to receive what the log already holds
 */
public record DriverOptions(URI url, int streams, Duration duration, Duration ramp, FilterMix filters,
                            double slowFraction, LoginMethod login, long serverPid, Duration settle) {
    /** Bounds a run: this driver is for one machine's loopback, not for load-testing the world. */
    public static final int MAX_STREAMS = 15_000;
    public static final Duration MAX_DURATION = Duration.ofMinutes(30);
    private static final Set<String> FLAGS = Set.of("url", "streams", "duration", "ramp", "filters",
            "slow-fraction", "login", "issuer", "audience", "server-pid", "settle");

    public DriverOptions {
        if (!isLoopback(url)) {
            throw new IllegalArgumentException("--url must be an http:// URL on a loopback address (127.0.0.1, ::1,"
                    + " localhost), got " + url);
        }
        if (streams < 1 || streams > MAX_STREAMS) {
            throw new IllegalArgumentException("--streams must be 1.." + MAX_STREAMS + ", got " + streams);
        }
        if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("--duration must be 0.." + MAX_DURATION.toMinutes() + "m, got " + duration);
        }
        if (ramp.isNegative() || ramp.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("--ramp must be 0.." + MAX_DURATION.toMinutes() + "m, got " + ramp);
        }
        if (!(slowFraction >= 0 && slowFraction < 1)) {
            throw new IllegalArgumentException("--slow-fraction must be at least 0 and below 1, got " + slowFraction);
        }
        if (serverPid < 0) {
            throw new IllegalArgumentException("--server-pid must be a process id, got " + serverPid);
        }
    }

    /** How each simulated client logs in. */
    public sealed interface LoginMethod {
        /** SEP-10 like a wallet: challenge, sign, token. */
        record Sep10() implements LoginMethod {}

        /**
         * Mint HS256 JWTs with the server's configured secret, issuer and audience (auth.jwt.audience,
         * by default its home domain); skips SEP-10 for big runs.
         */
        record SharedSecret(String secret, String issuer, String audience) implements LoginMethod {
            @Override
            public String toString() {
                return "SharedSecret[issuer=" + issuer + ", audience=" + audience + "]"; // never print the secret
            }
        }
    }

    /**
     * Reads {@code --flag value} or {@code --flag=value} pairs. Flags: {@code --url} (required),
     * {@code --streams} (100), {@code --duration} (60s), {@code --ramp} (10s), {@code --filters}
     * (all:1,invoice:1,wallet:1), {@code --slow-fraction} (0), {@code --login} (sep10 or
     * secret:&lt;secret&gt;), {@code --issuer} (http://localhost:8080), {@code --audience} (localhost),
     * {@code --server-pid} (none),
     * {@code --settle} (10s).
     */
    public static DriverOptions parse(String... args) {
        Map<String, String> flags = flags(args, FLAGS);
        if (!flags.containsKey("url")) throw new IllegalArgumentException("--url is required, e.g. --url http://127.0.0.1:8080");
        return new DriverOptions(
                URI.create(flags.get("url")),
                intFlag(flags, "streams", 100),
                durationFlag(flags, "duration", Duration.ofSeconds(60)),
                durationFlag(flags, "ramp", Duration.ofSeconds(10)),
                FilterMix.parse(flags.getOrDefault("filters", "all:1,invoice:1,wallet:1")),
                doubleFlag(flags, "slow-fraction", 0),
                login(flags.getOrDefault("login", "sep10"), flags.getOrDefault("issuer", "http://localhost:8080"),
                        flags.getOrDefault("audience", "localhost")),
                longFlag(flags, "server-pid", 0),
                durationFlag(flags, "settle", Duration.ofSeconds(10)));
    }

    public DriverOptions withUrl(URI u) {
        return new DriverOptions(u, streams, duration, ramp, filters, slowFraction, login, serverPid, settle);
    }

    public DriverOptions withServerPid(long pid) {
        return new DriverOptions(url, streams, duration, ramp, filters, slowFraction, login, pid, settle);
    }

    public DriverOptions withLogin(LoginMethod method) {
        return new DriverOptions(url, streams, duration, ramp, filters, slowFraction, method, serverPid, settle);
    }

    private static LoginMethod login(String value, String issuer, String audience) {
        if (value.equals("sep10")) return new LoginMethod.Sep10();
        if (value.startsWith("secret:")) {
            String secret = value.substring("secret:".length());
            if (secret.length() < 32) {
                throw new IllegalArgumentException("--login secret:<secret> needs the server's auth.jwt.hs256-secret"
                        + " (at least 32 characters)");
            }
            return new LoginMethod.SharedSecret(secret, issuer, audience);
        }
        throw new IllegalArgumentException("--login must be sep10 or secret:<hs256-secret>");
    }

    /** Parses flags, rejecting unknown ones; shared with {@code BenchRun} and {@code BackfillBench}. */
    public static Map<String, String> flags(String[] args, Set<String> known) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) throw new IllegalArgumentException("expected a --flag, got \"" + arg + "\"");
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!known.contains(name)) throw new IllegalArgumentException("unknown flag --" + name + "; known: " + known);
            flags.put(name, value);
        }
        return flags;
    }

    static int intFlag(Map<String, String> flags, String name, int fallback) {
        return (int) longFlag(flags, name, fallback);
    }

    static long longFlag(Map<String, String> flags, String name, long fallback) {
        String v = flags.get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got \"" + v + "\"");
        }
    }

    static double doubleFlag(Map<String, String> flags, String name, double fallback) {
        String v = flags.get(name);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got \"" + v + "\"");
        }
    }

    /** {@code 500ms}, {@code 20s}, {@code 5m}, or ISO-8601 ({@code PT20S}). */
    static Duration durationFlag(Map<String, String> flags, String name, Duration fallback) {
        String v = flags.get(name);
        if (v == null) return fallback;
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            return Duration.parse(v.trim());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("--" + name + " must be a duration like 500ms, 20s or 5m, got \"" + v + "\"");
        }
    }

    static boolean isLoopback(URI url) {
        if (url == null || !"http".equals(url.getScheme()) || url.getHost() == null) return false;
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (!address.isLoopbackAddress()) return false;
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
