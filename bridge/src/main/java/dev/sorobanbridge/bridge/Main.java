package dev.sorobanbridge.bridge;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.ConfigException;
import dev.sorobanbridge.config.ConfigLoader;
import io.helidon.logging.common.LogConfig;

import java.time.Clock;

/**
 * {@code java -jar bridge.jar [--config FILE] [--profile NAME] [--role all|indexer|bridge] [--demo]}.
 * A bad argument or configuration is one sentence on stderr and exit code 2; a node that cannot start
 * (store unreachable, port taken) exits with 1.
 */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {}

    public static void main(String[] args) {
        // Before the first log line, so every line (configuration loading included) has the same format.
        LogConfig.configureRuntime();
        CommandLine command;
        AppConfig config;
        try {
            command = CommandLine.parse(args);
            if (command.help()) {
                System.out.println(CommandLine.USAGE);
                return;
            }
            config = new ConfigLoader(System.getenv()).load(command.configFile(), command.profile(), command.demo());
        } catch (IllegalArgumentException | ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }

        Node node;
        try {
            node = Node.start(config, command.role(), Clock.systemUTC());
        } catch (ConfigException | IllegalArgumentException e) {
            // A value only checkable at start-up, e.g. auth.signing-seed that is not a seed: still the configuration.
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("The node could not start: " + e.getMessage());
            LOG.log(System.Logger.Level.DEBUG, "start-up failure", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
        LOG.log(System.Logger.Level.INFO, "node running as " + command.role().text() + " on port " + node.port());
        if (config.demo().enabled()) {
            System.out.println("Demo running: open " + node.scheme() + "://localhost:" + node.port() + "/");
        }
    }
}
