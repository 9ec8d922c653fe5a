package dev.sorobanbridge.bench.driver;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriverOptionsTest {

    @Test
    void readsFlagsInBothSpellingsWithDefaultsForTheRest() {
        DriverOptions o = DriverOptions.parse("--url", "http://127.0.0.1:8080", "--streams=250", "--duration", "5m",
                "--login", "secret:0123456789abcdef0123456789abcdef", "--issuer", "https://dapp.example");

        assertEquals(250, o.streams());
        assertEquals(Duration.ofMinutes(5), o.duration());
        assertEquals(Duration.ofSeconds(10), o.ramp());
        assertEquals(0.0, o.slowFraction());
        var login = assertInstanceOf(DriverOptions.LoginMethod.SharedSecret.class, o.login());
        assertEquals("https://dapp.example", login.issuer());
        assertEquals("localhost", login.audience(), "the server's default audience: its home domain");
        assertTrue(!login.toString().contains("0123456789abcdef"), "the secret never appears in printed options");
    }

    @Test
    void refusesAServerThatIsNotOnLoopback() {
        var e = assertThrows(IllegalArgumentException.class, () -> DriverOptions.parse("--url", "http://192.0.2.10:8080"));
        assertTrue(e.getMessage().startsWith("--url must be an http:// URL on a loopback address"), e.getMessage());
    }

    @Test
    void eachBadValueNamesItsFlag() {
        assertMessage("--streams must be 1..15000, got 20000", "--streams", "20000");
        assertMessage("--duration must be a duration like 500ms, 20s or 5m, got \"soon\"", "--duration", "soon");
        assertMessage("--slow-fraction must be at least 0 and below 1, got 1.0", "--slow-fraction", "1");
        assertMessage("--login must be sep10 or secret:<hs256-secret>", "--login", "password");
        assertMessage("--streams must be a whole number, got \"many\"", "--streams", "many");
        assertMessage("--filters must look like all:1,invoice:1,wallet:1 (kinds: all, invoice, wallet, contract, type),"
                + " got \"all\"", "--filters", "all");
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> DriverOptions.parse("--url", "http://127.0.0.1:1", "--stream", "5"));
        assertTrue(unknown.getMessage().startsWith("unknown flag --stream"), unknown.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> DriverOptions.parse("--streams", "5"));
        assertTrue(missing.getMessage().startsWith("--url is required"), missing.getMessage());
    }

    private static void assertMessage(String expected, String flag, String value) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DriverOptions.parse("--url", "http://127.0.0.1:1", flag, value));
        assertEquals(expected, e.getMessage());
    }
}
