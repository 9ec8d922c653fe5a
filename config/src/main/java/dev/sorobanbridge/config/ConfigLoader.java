package dev.sorobanbridge.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the configuration of one node. Layers, later wins: the packaged
 * {@code config/default.yaml}, the profile's {@code config/<profile>.yaml}, the user's file,
 * then environment variables named after the keys ({@code server.port} → {@code SERVER_PORT}).
 * Every value is checked; the first problem stops start-up with a {@link ConfigException}
 * whose message is one sentence naming the key.
 */
public final class ConfigLoader {
    private static final System.Logger LOG = System.getLogger(ConfigLoader.class.getName());
    private static final List<String> PROFILES = List.of("testnet", "mainnet", "local");

    private final Map<String, String> env;

    /** @param env the environment, normally {@code System.getenv()}; tests pass their own */
    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * @param configFile the user's YAML file, or null for none
     * @param profile    testnet, mainnet or local; null falls back to the PROFILE variable, then
     *                   to a top-level {@code profile:} in the user's file, then to no profile
     * @param demo       {@code --demo}: a simulated chain, so no RPC url or contract ids are required
     * @throws ConfigException when a file cannot be read or parsed, or a value is invalid
     */
    public AppConfig load(Path configFile, String profile, boolean demo) throws ConfigException {
        YamlReader yaml = new YamlReader();
        ConfigTree tree = new ConfigTree(yaml.readResource("config/default.yaml"));
        ObjectNode userFile = configFile == null ? null : yaml.readFile(configFile);
        String chosenProfile = chooseProfile(profile, userFile, configFile);
        if (chosenProfile != null) {
            tree.overlay(yaml.readResource("config/" + chosenProfile + ".yaml"), "the " + chosenProfile + " profile",
                    false);
        }
        if (userFile != null) {
            tree.overlay(userFile, configFile.toString(), true);
        }
        List<String> overrides = tree.applyEnvironment(env, yaml);
        AppConfig config = new AppConfigBinder(tree, chosenProfile, demo).bind();
        LOG.log(Level.INFO, "Configuration loaded: profile {0}, file {1}, environment overrides {2}{3}",
                chosenProfile == null ? "none" : chosenProfile, configFile == null ? "none" : configFile,
                overrides.isEmpty() ? "none" : String.join(", ", overrides),
                config.demo().enabled() ? ", demo mode" : "");
        return config;
    }

    private String chooseProfile(String argument, ObjectNode userFile, Path configFile) {
        ConfigValue chosen = new ConfigValue("profile", TextNode.valueOf(argument == null ? "" : argument),
                "the command line");
        String envName = ConfigTree.envName("profile");
        if (chosen.isEmpty() && env.containsKey(envName)) {
            chosen = new ConfigValue("profile", TextNode.valueOf(env.get(envName)), envName);
        }
        if (chosen.isEmpty() && userFile != null) {
            chosen = new ConfigValue("profile", userFile.path("profile"), configFile.toString());
        }
        if (chosen.isEmpty()) {
            return null;
        }
        String name = chosen.text().toLowerCase(Locale.ROOT);
        if (!PROFILES.contains(name)) {
            throw chosen.invalid("must be testnet, mainnet or local, got '" + chosen.text() + "'");
        }
        return name;
    }
}
