package dev.sorobanbridge.app;

import dev.sorobanbridge.bridge.server.Role;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code [--config FILE] [--profile NAME] [--role all|indexer|bridge] [--demo] [--help]}; both
 * {@code --key value} and {@code --key=value} are accepted.
 *
 * @param configFile null when not given
 * @param profile    null when not given (the loader then looks at PROFILE and the file)
 */
record CommandLine(Path configFile, String profile, Role role, boolean demo, boolean help) {
    static final String USAGE =
            "usage: java -jar soroban-bridge.jar [--config FILE] [--profile testnet|mainnet|local] [--role all|indexer|bridge] [--demo]";

    /** @throws IllegalArgumentException with one sentence for the operator */
    static CommandLine parse(String... args) {
        Path config = null;
        String profile = null;
        Role role = Role.ALL;
        boolean demo = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--demo" -> demo = true;
                case "--help", "-h" -> help = true;
                case "--config", "--profile", "--role" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new IllegalArgumentException(name + " needs a value; " + USAGE);
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--config" -> config = configFile(value);
                        case "--profile" -> profile = value;
                        default -> role = Role.parse(value);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'; " + USAGE);
            }
        }
        return new CommandLine(config, profile, role, demo, help);
    }

    private static Path configFile(String value) {
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The configuration file " + file.toAbsolutePath() + " does not exist.");
        }
        return file;
    }
}
