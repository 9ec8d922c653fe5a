package dev.sorobanbridge.bridge.filter;

import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.http.ApiException;
import io.helidon.common.uri.UriQuery;
import org.stellar.sdk.StrKey;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads the filter query parameters of {@code /events} and {@code /events/history}: {@code invoiceId},
 * {@code wallet}, {@code contract}, {@code type}, each repeatable or comma-separated. A bad value is a
 * 400 naming the parameter. Parameters with other names are ignored: EventSource polyfills, proxies and
 * cache-busters add their own, and the credentials ({@code ticket}, {@code token}) travel there too.
 */
public final class FilterParser {
    /** Bounds the memory and matching cost one request can ask for. */
    static final int MAX_VALUES_PER_PARAMETER = 100;
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final Pattern DECIMAL = Pattern.compile("^\\d{1,20}$");
    private static final Set<String> CONTRACTS = Set.of("invoice", "pool");
    /** Soroban symbols: up to 32 of [a-zA-Z0-9_]; {@code *} selects every action of a contract. */
    private static final Pattern TYPE = Pattern.compile("^(invoice|pool)\\.([A-Za-z0-9_]{1,32}|\\*)$");

    public EventFilter parse(UriQuery query, Principal principal) {
        return new EventFilter(
                values(query, "invoiceId", FilterParser::invoiceId),
                values(query, "wallet", v -> wallet(v, principal)),
                values(query, "contract", FilterParser::contract),
                values(query, "type", FilterParser::type));
    }

    private static Set<String> values(UriQuery query, String name, UnaryOperator<String> check) {
        if (!query.contains(name)) return Set.of();
        Set<String> result = new LinkedHashSet<>();
        for (String raw : query.all(name)) {
            for (String value : raw.split(",", -1)) {
                String trimmed = value.trim();
                if (trimmed.isEmpty()) {
                    throw bad("The " + name + " parameter has an empty value.");
                }
                result.add(check.apply(trimmed));
            }
        }
        if (result.size() > MAX_VALUES_PER_PARAMETER) {
            throw bad("The " + name + " parameter has more than " + MAX_VALUES_PER_PARAMETER + " values.");
        }
        return result;
    }

    private static String invoiceId(String value) {
        if (DECIMAL.matcher(value).matches()) {
            BigInteger id = new BigInteger(value);
            // Normalised (no leading zeros) because the log stores u64s as canonical decimals.
            if (id.compareTo(U64_MAX) <= 0) return id.toString();
        }
        throw bad("The invoiceId parameter must be an invoice number (a decimal u64), got \""
                + shown(value) + "\".");
    }

    private static String wallet(String value, Principal principal) {
        if (value.equals("me")) return principal.account();
        if (value.length() == 56 && value.startsWith("G") && isAccountStrKey(value)) return value;
        throw bad("The wallet parameter must be an account address (G…, 56 characters) or \"me\", got \""
                + shown(value) + "\".");
    }

    private static boolean isAccountStrKey(String value) {
        try {
            StrKey.decodeEd25519PublicKey(value); // checks the version byte and the checksum
            return true;
        } catch (RuntimeException invalid) {
            return false;
        }
    }

    private static String contract(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (CONTRACTS.contains(lower)) return lower;
        throw bad("The contract parameter must be \"invoice\" or \"pool\", got \"" + shown(value) + "\".");
    }

    private static String type(String value) {
        if (TYPE.matcher(value).matches()) return value;
        throw bad("The type parameter must look like invoice.funded, pool.deposit, invoice.* or pool.*, got \""
                + shown(value) + "\".");
    }

    /** Echoes at most a short prefix of what the client sent, so an error body stays small. */
    private static String shown(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest("bad_filter", message);
    }
}
