package dev.sorobanbridge.indexer.rpc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.config.AppConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A thin JSON-RPC 2.0 client for the Stellar RPC methods the indexer uses (and {@code getLedgerEntries},
 * with which the bridge reads an account's signers for SEP-10). Thin on purpose:
 * stellar-java-sdk's {@code SorobanServer} drops the getEvents response {@code cursor} and
 * {@code oldestLedger}, which complete paging and retention checks need.
 *
 * <p>Every call is timed as {@code rpc.request} tagged {@code method} and {@code outcome}
 * (Prometheus {@code rpc_request_seconds}). Thread-safe.
 */
public final class StellarRpcClient {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int BODY_START_CHARS = 200;

    private final OkHttpClient http;
    private final HttpUrl url;
    private final MeterRegistry metrics;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicLong requestIds = new AtomicLong();

    /**
     * @param http its timeouts bound every call (a timeout becomes {@link RpcTimeoutException})
     */
    public StellarRpcClient(OkHttpClient http, URI url, MeterRegistry metrics) {
        HttpUrl parsed = HttpUrl.parse(url.toString());
        if (parsed == null) {
            throw new IllegalArgumentException("RPC URL must be http or https");
        }
        this.http = http;
        this.url = parsed;
        this.metrics = metrics;
    }

    /** A client whose every call, connection included, is bounded by {@code rpc.timeout()}. */
    public static StellarRpcClient create(AppConfig.Rpc rpc, MeterRegistry metrics) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(rpc.timeout())
                .readTimeout(rpc.timeout())
                .writeTimeout(rpc.timeout())
                .callTimeout(rpc.timeout())
                .build();
        return new StellarRpcClient(http, rpc.url(), metrics);
    }

    public EventsPage getEvents(EventsRequest request) throws RpcException {
        return call("getEvents", request.toParams(mapper), EventsPage::parse);
    }

    public LatestLedger getLatestLedger() throws RpcException {
        return call("getLatestLedger", null, LatestLedger::parse);
    }

    /**
     * @param keys base64 XDR LedgerKeys, 1 to {@link LedgerEntries#MAX_KEYS}
     * @return the entries found; a key without an entry is absent from the answer
     */
    public LedgerEntries getLedgerEntries(List<String> keys) throws RpcException {
        if (keys.isEmpty() || keys.size() > LedgerEntries.MAX_KEYS) {
            throw new IllegalArgumentException("getLedgerEntries takes 1 to " + LedgerEntries.MAX_KEYS + " keys, got " + keys.size());
        }
        ObjectNode params = mapper.createObjectNode();
        keys.forEach(params.putArray("keys")::add);
        return call("getLedgerEntries", params, result -> LedgerEntries.parse(result, keys.size()));
    }

    public RpcHealth getHealth() throws RpcException {
        return call("getHealth", null, RpcHealth::parse);
    }

    private <T> T call(String method, ObjectNode params, Function<JsonNode, T> parser) throws RpcException {
        long started = System.nanoTime();
        String outcome = "ok";
        try {
            JsonNode result = post(method, params);
            try {
                return parser.apply(result);
            } catch (IllegalArgumentException e) {
                throw new RpcBadResponseException(method, e.getMessage());
            }
        } catch (RpcException e) {
            outcome = e.outcome();
            throw e;
        } finally {
            Timer.builder("rpc.request")
                    .description("Stellar RPC requests by method and outcome")
                    .tag("method", method)
                    .tag("outcome", outcome)
                    .register(metrics)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** Sends one request and returns its {@code result} object. */
    private JsonNode post(String method, ObjectNode params) throws RpcException {
        ObjectNode envelope = mapper.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", requestIds.incrementAndGet())
                .put("method", method);
        if (params != null) {
            envelope.set("params", params);
        }
        Request request;
        try {
            request = new Request.Builder().url(url).post(RequestBody.create(mapper.writeValueAsBytes(envelope), JSON)).build();
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise a " + method + " request", e);
        }
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new RpcHttpException(method, response.code(), retryAfter(response.header("Retry-After")),
                        bodyStart(response.body()));
            }
            return resultOf(method, response.body() == null ? new byte[0] : response.body().bytes());
        } catch (InterruptedIOException e) {
            throw new RpcTimeoutException(method, e);
        } catch (IOException e) {
            throw new RpcIoException(method, e);
        }
    }

    private JsonNode resultOf(String method, byte[] body) throws RpcException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new RpcBadResponseException(method, "body is not JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new RpcBadResponseException(method, body.length == 0 ? "empty body" : "body is not a JSON object");
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            throw errorOf(method, error);
        }
        JsonNode result = root.get("result");
        if (result == null || !result.isObject()) {
            throw new RpcBadResponseException(method, "neither a 'result' object nor an 'error'");
        }
        return result;
    }

    private static RpcException errorOf(String method, JsonNode error) {
        if (!error.isObject()) {
            return new RpcBadResponseException(method, "'error' is not an object: " + LenientJson.abbreviate(error));
        }
        try {
            Long code = LenientJson.optionalLong(error, "code");
            JsonNode message = error.get("message");
            JsonNode data = error.get("data");
            if (code == null || code != code.intValue()) {
                return new RpcBadResponseException(method, "'error' has no integer 'code': " + LenientJson.abbreviate(error));
            }
            return new RpcErrorException(method, code.intValue(),
                    message == null || message.isNull() ? "" : message.isTextual() ? message.textValue() : message.toString(),
                    data == null || data.isNull() ? null : data.toString());
        } catch (IllegalArgumentException e) {
            return new RpcBadResponseException(method, "'error' " + e.getMessage());
        }
    }

    /** {@code Retry-After} is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String bodyStart(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        String text = body.source().readUtf8(Math.min(BODY_START_CHARS, readable(body))).strip();
        return text.replaceAll("\\s+", " ");
    }

    private static long readable(ResponseBody body) throws IOException {
        // request() returns false at end of stream, so this never blocks past what the server sent
        body.source().request(BODY_START_CHARS);
        return body.source().getBuffer().size();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
