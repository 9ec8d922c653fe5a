package dev.sorobanbridge.simulator.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * {@code POST /}: the HTTP side of the simulated RPC. HTTP-level faults (latency, 503 with no
 * body as stellar-rpc's global backlog answers, 429 with {@code Retry-After} as a rate-limiting
 * provider answers) strike before the JSON-RPC call is looked at.
 */
public final class RpcHttpHandler implements Handler {
    /** Seconds a throttled client is told to wait. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final JsonRpc jsonRpc;
    private final FaultInjector faults;

    public RpcHttpHandler(ObjectMapper mapper, RpcMethods methods, FaultInjector faults) {
        this.jsonRpc = new JsonRpc(mapper, methods, faults);
        this.faults = faults;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws InterruptedException {
        byte[] body = req.content().as(byte[].class);
        Duration latency = faults.latency();
        if (!latency.isZero()) {
            Thread.sleep(latency);
        }
        if (faults.serviceUnavailable()) {
            res.status(Status.SERVICE_UNAVAILABLE_503).send();
            return;
        }
        if (faults.tooManyRequests()) {
            res.status(Status.TOO_MANY_REQUESTS_429)
                    .header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .header(HeaderNames.CONTENT_TYPE, "text/plain")
                    .send("Too Many Requests");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(jsonRpc.answer(body));
    }
}
