package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.config.ConfigException;
import io.helidon.common.tls.Tls;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Watches the {@code server.tls} files and hands a freshly loaded {@link Tls} to the server when
 * either changes, so a renewed certificate is served without a restart; connections already open
 * keep theirs. A pair that does not load (half written, key and certificate not yet both replaced)
 * is logged once and tried again on the next look, while the server keeps the previous one.
 */
final class TlsReloader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TlsReloader.class.getName());

    private final TlsFiles files;
    private final Duration period;
    private final Consumer<Tls> apply;
    private final Thread thread;
    private Object loaded;
    private Object failed;

    /** @param apply installs a new TLS configuration, e.g. {@code WebServer::reloadTls} */
    TlsReloader(TlsFiles files, Duration period, Consumer<Tls> apply) {
        this.files = files;
        this.period = period;
        this.apply = apply;
        this.loaded = files.version();
        this.thread = Thread.ofVirtual().name("tls-reloader").unstarted(this::run);
    }

    TlsReloader start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(period);
                check();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void check() {
        Object version = files.version();
        if (Objects.equals(version, loaded) || Objects.equals(version, failed)) return;
        try {
            Tls tls = files.load();
            apply.accept(tls);
            loaded = version;
            failed = null;
            LOG.log(System.Logger.Level.INFO, "TLS certificate reloaded from server.tls files");
        } catch (ConfigException | IllegalStateException | IllegalArgumentException e) {
            failed = version;
            LOG.log(System.Logger.Level.WARNING, "TLS files changed but were not reloaded (the previous certificate stays): "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
