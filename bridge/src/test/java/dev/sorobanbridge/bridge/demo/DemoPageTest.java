package dev.sorobanbridge.bridge.demo;

import dev.sorobanbridge.bridge.http.ErrorResponses;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoPageTest {
    @TempDir
    Path dir;
    private WebServer server;
    private URLClassLoader pageFiles;

    @BeforeEach
    void start() throws Exception {
        Path web = Files.createDirectories(dir.resolve("web/assets"));
        Files.writeString(web.getParent().resolve("index.html"), "<!doctype html><title>demo</title>");
        Files.writeString(web.resolve("demo.js"), "console.log('demo');");
        Files.writeString(dir.resolve("secret.txt"), "outside the page folder");
        pageFiles = new URLClassLoader(new URL[]{dir.toUri().toURL()}, null);
        DemoPage page = new DemoPage(pageFiles);
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> {
            new ErrorResponses().register(r);
            page.register(r);
        }).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        pageFiles.close();
    }

    @Test
    void servesTheIndexAtRootAndFilesWithTheirTypes() {
        var index = get("/");
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("content-type").orElseThrow().startsWith("text/html"));
        assertTrue(index.body().contains("<title>demo</title>"));
        var script = get("/assets/demo.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("content-type").orElseThrow().startsWith("text/javascript"));
    }

    @Test
    void nothingOutsideThePageFolderIsReachable() {
        for (String path : new String[]{"/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt",
                "/.hidden.js", "/missing.html", "/assets/demo.exe"}) {
            var response = get(path);
            assertEquals(404, response.statusCode(), path);
            assertFalse(response.body().contains("outside"), path);
        }
    }

    @Test
    void availableReflectsWhetherThePageIsPackaged() {
        assertTrue(new DemoPage(pageFiles).available());
        assertFalse(new DemoPage(new URLClassLoader(new URL[0], null)).available());
    }

    private HttpResponse<String> get(String path) {
        return BridgeHarness.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)));
    }
}
