package dev.sorobanbridge.bridge.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3.1 description of the HTTP API, the class-path resource
 * {@code openapi.yaml} (bridge/src/main/resources), read once at start-up so a build without it fails
 * at once rather than on the first request.
 */
final class OpenApiDocument implements Handler {
    static final String RESOURCE = "openapi.yaml";

    private final byte[] yaml;

    OpenApiDocument(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the class path has no " + RESOURCE);
            this.yaml = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
        res.send(yaml);
    }
}
