package dev.sorobanbridge.bridge.demo;

import dev.sorobanbridge.bridge.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the demo page: the files of the class-path folder {@code web/}, {@code /} being
 * {@code web/index.html}. Register it after every other route: it answers any remaining GET.
 */
public final class DemoPage {
    private static final String ROOT = "web/";
    /** Plain relative file paths only: no "..", no hidden files, nothing a URL could escape with. */
    private static final Pattern SAFE_PATH = Pattern.compile("^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("woff2", "font/woff2"));

    private final ClassLoader classLoader;

    public DemoPage(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/", (req, res) -> serve("index.html", res));
        routing.get("/*", (req, res) -> serve(req.path().path().substring(1), res));
    }

    private void serve(String file, ServerResponse res) throws IOException {
        String extension = file.substring(file.lastIndexOf('.') + 1);
        if (!SAFE_PATH.matcher(file).matches() || !TYPES.containsKey(extension)) throw notFound();
        try (InputStream in = classLoader.getResourceAsStream(ROOT + file)) {
            if (in == null) throw notFound();
            res.header(HeaderNames.CONTENT_TYPE, TYPES.get(extension));
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.send(in.readAllBytes());
        }
    }

    private static ApiException notFound() {
        return new ApiException(404, "not_found", "There is nothing at this address.");
    }

    /** Whether the page's files are on the class path (the demo page is built into the jar). */
    public boolean available() {
        return classLoader.getResource(ROOT + "index.html") != null;
    }
}
