package dev.sorobanbridge.bridge.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The mapper every request handler of the bridge uses. By default Jackson keeps its read and write
 * buffers (several KiB) in a thread-local pool; the web server runs each connection on its own
 * virtual thread, which lives as long as the connection, so every open stream (and every kept-alive
 * connection) would hold the buffers of the one ticket it parsed. A shared pool returns them.
 */
public final class JsonMappers {
    private JsonMappers() {}

    /** A new mapper whose buffers come from one pool shared by all threads. */
    public static ObjectMapper sharedBuffers() {
        return new ObjectMapper(JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build());
    }
}
