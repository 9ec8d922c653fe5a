package dev.sorobanbridge.log.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The callbacks registered with {@code EventLog.onAppend}, and a safe way to run them all. */
final class AppendListeners {
    private static final System.Logger LOG = System.getLogger(AppendListeners.class.getName());

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    void add(Runnable listener) {
        listeners.add(listener);
    }

    /** Runs every callback; one that throws is logged and does not keep the others from running. */
    void fire() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an event log append listener failed", e);
            }
        }
    }
}
