package dev.sorobanbridge.indexer.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.sorobanbridge.abi.EventId;
import dev.sorobanbridge.abi.RawEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StellarRpcClientTest {
    private static final String INVOICE = "CCMJI2SD4NOXQLX4TFSU4MAIKBGLLD3SUWYD6ANLCS566Y366HZJBTD5";
    private static final String POOL = "CCPJJ66OWVRO53EU3KEW74BX5JDIWAXDHNZA3IIBVYNJWPQCAXI46CG6";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static WireMockServer rpc;

    private SimpleMeterRegistry metrics;
    private StellarRpcClient client;

    @BeforeAll
    static void startRpc() {
        rpc = new WireMockServer(options().dynamicPort());
        rpc.start();
    }

    @AfterAll
    static void stopRpc() {
        rpc.stop();
    }

    @BeforeEach
    void freshClient() {
        rpc.resetAll();
        metrics = new SimpleMeterRegistry();
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500)).callTimeout(Duration.ofSeconds(2)).build();
        client = new StellarRpcClient(http, URI.create(rpc.baseUrl() + "/rpc"), metrics);
    }

    private void answer(String body) {
        rpc.stubFor(post(urlEqualTo("/rpc")).willReturn(okJson(body)));
    }

    private JsonNode onlyRequestBody() throws Exception {
        List<LoggedRequest> requests = rpc.findAll(postRequestedFor(urlEqualTo("/rpc")));
        assertEquals(1, requests.size());
        return MAPPER.readTree(requests.getFirst().getBodyAsString());
    }

    @Test
    void getEventsFromALedgerSendsStartLedgerOneContractFilterAndLimitButNoCursor() throws Exception {
        answer(Fixtures.text("rpc/getEvents-native-transfers.response.json"));

        client.getEvents(EventsRequest.fromLedger(3729000, List.of(INVOICE, POOL), 250));

        JsonNode body = onlyRequestBody();
        assertEquals("2.0", body.get("jsonrpc").asText());
        assertEquals("getEvents", body.get("method").asText());
        JsonNode params = body.get("params");
        assertEquals(3729000, params.get("startLedger").asLong());
        assertEquals(1, params.get("filters").size());
        JsonNode filter = params.get("filters").get(0);
        assertEquals("contract", filter.get("type").asText());
        assertEquals(List.of(INVOICE, POOL), MAPPER.convertValue(filter.get("contractIds"), List.class));
        assertFalse(filter.has("topics"));
        assertEquals(250, params.at("/pagination/limit").asInt());
        assertFalse(params.get("pagination").has("cursor"));
    }

    @Test
    void getEventsAfterACursorSendsTheCursorAndNoStartLedger() throws Exception {
        answer(Fixtures.text("rpc/getEvents-native-transfers.response.json"));

        client.getEvents(EventsRequest.after("0016019351840751616-0000000001", List.of(INVOICE, POOL), 100));

        JsonNode params = onlyRequestBody().get("params");
        assertFalse(params.has("startLedger"), "stellar-rpc rejects startLedger together with a cursor");
        assertEquals("0016019351840751616-0000000001", params.at("/pagination/cursor").asText());
        assertEquals(100, params.at("/pagination/limit").asInt());
    }

    @Test
    void parsesTheCurrentResponseShapeWithStringCloseTimes() throws Exception {
        answer(Fixtures.text("rpc/getEvents-native-transfers.response.json"));

        EventsPage page = client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 2));

        JsonNode result = Fixtures.json("rpc/getEvents-native-transfers.response.json").get("result");
        assertEquals(2, page.events().size());
        RawEvent first = page.events().getFirst();
        JsonNode firstJson = result.get("events").get(0);
        assertEquals(firstJson.get("id").asText(), first.id());
        assertEquals(firstJson.get("ledger").asLong(), first.ledger());
        assertEquals(Instant.parse(firstJson.get("ledgerClosedAt").asText()), first.ledgerClosedAt());
        assertEquals(firstJson.get("contractId").asText(), first.contractId());
        assertEquals(firstJson.get("txHash").asText(), first.txHash());
        assertEquals(4, first.topicXdr().size());
        assertEquals(firstJson.get("topic").get(0).asText(), first.topicXdr().getFirst());
        assertEquals(firstJson.get("value").asText(), first.valueXdr());
        assertTrue(first.inSuccessfulContractCall());
        assertEquals(result.get("cursor").asText(), page.cursor());
        assertEquals(result.get("latestLedger").asLong(), page.latestLedger());
        assertEquals(result.get("oldestLedger").asLong(), page.oldestLedger());
        assertEquals(Instant.ofEpochSecond(result.get("latestLedgerCloseTime").asLong()), page.latestLedgerCloseTime());
        assertEquals(Instant.ofEpochSecond(result.get("oldestLedgerCloseTime").asLong()), page.oldestLedgerCloseTime());
        assertFalse(page.reachesLatest(), "a full page ends at its last event, far behind latestLedger");
    }

    @Test
    void parsesTheLegacyShapeWithPagingTokensAndNoRetentionFields() throws Exception {
        answer(Fixtures.text("rpc/getEvents-native-transfers-2025-06.legacy.response.json"));

        EventsPage page = client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 2));

        assertEquals(2, page.events().size());
        assertEquals("0000863490289963008-0000000010", page.cursor());
        assertEquals(320543, page.latestLedger());
        assertNull(page.oldestLedger());
        assertNull(page.latestLedgerCloseTime());
    }

    @Test
    void acceptsLedgerAsAString() throws Exception {
        answer(Fixtures.text("rpc/getEvents-java-sdk-counter.response.json"));

        EventsPage page = client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 10));

        assertEquals(List.of(108L, 111L, 114L), page.events().stream().map(RawEvent::ledger).toList());
    }

    @Test
    void keepsFailedCallEventsFlaggedAndTakesAMissingFlagAsSuccessful() throws Exception {
        ObjectNode body = (ObjectNode) Fixtures.json("rpc/getEvents-any-fee-events.response.json");
        ((ObjectNode) body.at("/result/events/1")).remove("inSuccessfulContractCall");
        answer(body.toString());

        EventsPage page = client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 2));

        assertFalse(page.events().get(0).inSuccessfulContractCall());
        assertTrue(page.events().get(1).inSuccessfulContractCall());
    }

    @Test
    void ignoresUnknownFieldsAndTakesTheLedgerFromTheIdWhenMissing() throws Exception {
        ObjectNode body = (ObjectNode) Fixtures.json("rpc/getEvents-native-transfers.response.json");
        ((ObjectNode) body.get("result")).put("someFutureField", "x");
        ObjectNode event = (ObjectNode) body.at("/result/events/0");
        event.remove("ledger");
        event.put("topicJson", "ignored");
        answer(body.toString());

        EventsPage page = client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 2));

        assertEquals(body.at("/result/events/1/ledger").asLong(), page.events().getFirst().ledger());
    }

    @Test
    void theAsteraPageEndsAtTheScannedWindowWhichReachesLatest() throws Exception {
        answer(Fixtures.text("astera/getEvents-astera-CONSTRUCTED.response.json"));

        EventsPage page = client.getEvents(EventsRequest.fromLedger(3800000, List.of(INVOICE, POOL), 1000));

        assertEquals(14, page.events().size());
        assertEquals(3800030, page.cursorLedger());
        assertTrue(EventId.parse(page.cursor()).endsLedger());
        assertTrue(page.reachesLatest());
        assertEquals(1, page.events().stream().filter(e -> !e.inSuccessfulContractCall()).count());
    }

    @Test
    void getLatestLedgerReadsSequenceAndCloseTime() throws Exception {
        answer(Fixtures.text("rpc/getLatestLedger.docs-truncated-metadata.response.json"));
        LatestLedger latest = client.getLatestLedger();
        assertEquals(3730795, latest.sequence());
        assertEquals(Instant.ofEpochSecond(1784671645), latest.closeTime());

        rpc.resetAll();
        answer(Fixtures.text("rpc/getLatestLedger-java-sdk.response.json"));
        assertEquals(1283415, client.getLatestLedger().sequence());
    }

    @Test
    void getHealthReadsTheRetentionWindowInBothShapes() throws Exception {
        answer(Fixtures.text("rpc/getHealth.response.json"));
        RpcHealth health = client.getHealth();
        assertEquals("healthy", health.status());
        assertEquals(3730763, health.latestLedger());
        assertEquals(3609804, health.oldestLedger());
        assertEquals(120960, health.ledgerRetentionWindow());
        assertEquals(Instant.ofEpochSecond(1784671485), health.latestLedgerCloseTime());

        rpc.resetAll();
        answer(Fixtures.text("rpc/getHealth-java-sdk-legacy.response.json"));
        RpcHealth legacy = client.getHealth();
        assertEquals(1, legacy.oldestLedger());
        assertNull(legacy.latestLedgerCloseTime());
    }

    @ParameterizedTest
    @ValueSource(strings = {"startLedgerOutsideRetention", "startLedgerMissing", "cursorWithLedgerRange", "limitTooLarge",
            "processingTimeout", "internalIssue", "getHealthUnhealthyLatency", "getHealthNotInitialized"})
    void jsonRpcErrorsBecomeRpcErrorExceptionsWithCodeAndMessage(String name) {
        JsonNode envelope = Fixtures.json("rpc/errors-CONSTRUCTED.json").get(name);
        answer(envelope.toString());

        RpcErrorException e = assertThrows(RpcErrorException.class,
                () -> client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 10)));

        assertEquals(envelope.at("/error/code").asInt(), e.code());
        assertEquals(envelope.at("/error/message").asText(), e.rpcMessage());
        assertEquals("rpc_error", e.outcome());
        assertEquals(1.0, metrics.get("rpc.request").tag("method", "getEvents").tag("outcome", "rpc_error").timer().count());
    }

    @Test
    void theRetentionErrorCarriesTheRetainedRange() {
        answer(Fixtures.json("rpc/errors-CONSTRUCTED.json").get("startLedgerOutsideRetention").toString());

        RpcErrorException e = assertThrows(RpcErrorException.class,
                () -> client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 10)));

        assertEquals(new RpcErrorException.LedgerRange(3609884, 3730843), e.ledgerRange().orElseThrow());
    }

    @Test
    void otherInvalidRequestErrorsHaveNoRange() {
        answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"invalid request\",\"data\":{\"hint\":1}}}");

        RpcErrorException e = assertThrows(RpcErrorException.class,
                () -> client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 10)));

        assertTrue(e.ledgerRange().isEmpty());
        assertEquals("{\"hint\":1}", e.data());
    }

    @Test
    void http503WithNoBodyIsAnHttpError() {
        rpc.stubFor(post(urlEqualTo("/rpc")).willReturn(aResponse().withStatus(503)));

        RpcHttpException e = assertThrows(RpcHttpException.class, () -> client.getLatestLedger());

        assertEquals(503, e.status());
        assertTrue(e.retryAfter().isEmpty());
        assertTrue(e.getMessage().endsWith("HTTP 503 (no body)"), e.getMessage());
        assertEquals(1.0, metrics.get("rpc.request").tag("method", "getLatestLedger").tag("outcome", "http_error").timer().count());
    }

    @Test
    void http429CarriesRetryAfterSeconds() {
        rpc.stubFor(post(urlEqualTo("/rpc")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withBody("slow down\nplease")));

        RpcHttpException e = assertThrows(RpcHttpException.class, () -> client.getHealth());

        assertEquals(429, e.status());
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage().endsWith("HTTP 429: slow down please"), e.getMessage());
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        Duration wait = StellarRpcClient.retryAfter(inTenSeconds);
        assertTrue(wait.compareTo(Duration.ofSeconds(8)) > 0 && wait.compareTo(Duration.ofSeconds(10)) <= 0, wait.toString());
        assertNull(StellarRpcClient.retryAfter("soon"));
        assertNull(StellarRpcClient.retryAfter(null));
    }

    @Test
    void aSlowAnswerIsATimeout() {
        rpc.stubFor(post(urlEqualTo("/rpc")).willReturn(okJson(Fixtures.text("rpc/getHealth.response.json")).withFixedDelay(1500)));

        RpcTimeoutException e = assertThrows(RpcTimeoutException.class, () -> client.getHealth());

        assertEquals("timeout", e.outcome());
        assertEquals(1.0, metrics.get("rpc.request").tag("method", "getHealth").tag("outcome", "timeout").timer().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void brokenConnectionsAreIoErrors(String fault) {
        rpc.stubFor(post(urlEqualTo("/rpc")).willReturn(aResponse().withFault(Fault.valueOf(fault))));

        RpcException e = assertThrows(RpcException.class, () -> client.getHealth());

        assertInstanceOf(RpcIoException.class, e, e.getMessage());
    }

    @Test
    void aRefusedConnectionIsAnIoError() {
        StellarRpcClient nowhere = new StellarRpcClient(new OkHttpClient(), URI.create("http://127.0.0.1:1/"), metrics);
        assertInstanceOf(RpcIoException.class, assertThrows(RpcException.class, nowhere::getLatestLedger));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<html>Bad Gateway</html>",
            "",
            "[1,2]",
            "{\"jsonrpc\":\"2.0\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"events\":[],\"latestLedger\":10}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"events\":[],\"latestLedger\":10}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"events\":{},\"latestLedger\":10,\"cursor\":\"0000000042949672959-4294967295\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"events\":[],\"latestLedger\":\"ten\",\"cursor\":\"0000000042949672959-4294967295\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"events\":[],\"latestLedger\":10,\"cursor\":\"next-page\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"boom\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"no code\"}}",
    })
    void malformedBodiesAreBadResponses(String body) {
        rpc.stubFor(post(urlEqualTo("/rpc")).willReturn(aResponse().withStatus(200).withBody(body)));

        RpcException e = assertThrows(RpcException.class, () -> client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 10)));

        assertInstanceOf(RpcBadResponseException.class, e, e.getMessage());
        assertEquals(1.0, metrics.get("rpc.request").tag("method", "getEvents").tag("outcome", "bad_response").timer().count());
    }

    @Test
    void aMalformedEventIsABadResponseNamingTheEvent() {
        ObjectNode body = (ObjectNode) Fixtures.json("rpc/getEvents-native-transfers.response.json");
        ArrayNode topic = (ArrayNode) body.at("/result/events/1/topic");
        topic.add(42);
        answer(body.toString());

        RpcBadResponseException e = assertThrows(RpcBadResponseException.class,
                () -> client.getEvents(EventsRequest.fromLedger(1, List.of(INVOICE), 10)));

        assertTrue(e.getMessage().contains(body.at("/result/events/1/id").asText()), e.getMessage());
        assertTrue(e.getMessage().contains("topic"), e.getMessage());
    }

    @Test
    void requestTimesScrapeAsRpcRequestSecondsByMethodAndOutcome() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StellarRpcClient scraped = new StellarRpcClient(new OkHttpClient(), URI.create(rpc.baseUrl() + "/rpc"), prometheus);
        answer(Fixtures.text("rpc/getHealth.response.json"));

        scraped.getHealth();
        scraped.getHealth();

        assertTrue(prometheus.scrape().contains("rpc_request_seconds_count{method=\"getHealth\",outcome=\"ok\"} 2"),
                prometheus.scrape());
    }

    @Test
    void requestsNeedExactlyOneStartingPointAndSaneLimits() {
        List<String> ids = List.of(INVOICE, POOL);
        assertThrows(IllegalArgumentException.class, () -> new EventsRequest(5L, "0000000042949672959-4294967295", ids, 10));
        assertThrows(IllegalArgumentException.class, () -> new EventsRequest(null, null, ids, 10));
        assertThrows(IllegalArgumentException.class, () -> EventsRequest.fromLedger(0, ids, 10));
        assertThrows(IllegalArgumentException.class, () -> EventsRequest.fromLedger(1, ids, 0));
        assertThrows(IllegalArgumentException.class, () -> EventsRequest.fromLedger(1, ids, 10_001));
        assertThrows(IllegalArgumentException.class, () -> EventsRequest.fromLedger(1, List.of(), 10));
        assertThrows(IllegalArgumentException.class, () -> EventsRequest.after("page-2", ids, 10));
    }

    @Test
    void cursorsPointIntoLedgers() {
        // 0016010972359577600-0000000001 is ledger 3727845, tx 5, op 0, event 1 (docs/design.md#event-ids-and-ordering)
        assertEquals(3727845, EventId.parse("0016010972359577600-0000000001").ledger());
        assertFalse(EventId.parse("0016010972359577600-0000000001").endsLedger());
        assertEquals(3800030, EventId.parse("0016321008868786175-4294967295").ledger());
        assertTrue(EventId.parse("0016321008868786175-4294967295").endsLedger());
        assertFalse(EventId.isValid("99999999999999999999-1"));
        assertFalse(EventId.isValid(""));
    }

    @Test
    void getLedgerEntriesSendsTheKeysAndReturnsTheEntriesFound() throws Exception {
        answer("""
                {"jsonrpc":"2.0","id":1,"result":{"entries":[{"key":"AAAAAA==","xdr":"AAAAAQ==",
                "lastModifiedLedgerSeq":"41"}],"latestLedger":42}}""");
        LedgerEntries answer = client.getLedgerEntries(List.of("AAAAAA==", "AAAAAg=="));
        assertEquals(new LedgerEntries(List.of(new LedgerEntries.Entry("AAAAAA==", "AAAAAQ==", 41)), 42), answer);
        JsonNode request = onlyRequestBody();
        assertEquals("getLedgerEntries", request.path("method").asText());
        assertEquals(List.of("AAAAAA==", "AAAAAg=="), MAPPER.convertValue(request.path("params").path("keys"), List.class));

        rpc.resetAll();
        answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"latestLedger\":42}}");
        assertTrue(client.getLedgerEntries(List.of("AAAAAA==")).entries().isEmpty(), "no entries: the account does not exist");
    }

    @Test
    void getLedgerEntriesRefusesAnswersLargerThanTheQuestion() {
        answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"entries\":[{\"key\":\"k\",\"xdr\":\"a\"},"
                + "{\"key\":\"k\",\"xdr\":\"b\"}],\"latestLedger\":42}}");
        assertInstanceOf(RpcBadResponseException.class, assertThrows(RpcException.class,
                () -> client.getLedgerEntries(List.of("AAAAAA=="))));
        rpc.resetAll();
        answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"entries\":[{\"key\":\"k\",\"xdr\":\""
                + "A".repeat(LedgerEntries.MAX_ENTRY_XDR_CHARS + 4) + "\"}],\"latestLedger\":42}}");
        assertInstanceOf(RpcBadResponseException.class, assertThrows(RpcException.class,
                () -> client.getLedgerEntries(List.of("AAAAAA=="))));
    }
}
