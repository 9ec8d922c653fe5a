package dev.sorobanbridge.bridge.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secrets the operator did not configure (SEP-10 seed, HS256 secret): generated once and kept in
 * a file under the data directory, so a restarted node keeps accepting its own tokens and tickets.
 * Fine for one local node; a cluster must configure the secret so that every node shares it.
 */
final class GeneratedSecrets {
    private static final System.Logger LOG = System.getLogger(GeneratedSecrets.class.getName());
    private final Path dir;

    /** @param dir where generated secrets live (the SQLite data directory); created when missing */
    GeneratedSecrets(Path dir) {
        this.dir = dir;
    }

    /**
     * The secret stored in {@code fileName}, generating and persisting it first when absent.
     *
     * @param configKey named in the warning, so the operator knows what to configure
     */
    String loadOrCreate(String fileName, String configKey, Supplier<String> generator) {
        if (dir == null) {
            throw new IllegalStateException(configKey + " is not configured and there is no data directory to keep"
                    + " a generated one in; configure " + configKey + ".");
        }
        Path file = dir.resolve(fileName);
        try {
            if (Files.exists(file)) return read(file);
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, fileName, ".tmp");
            try {
                restrictToOwner(temp);
                Files.writeString(temp, generator.get(), StandardCharsets.UTF_8);
                // A hard link appears atomically and fails when the file exists, so two nodes
                // starting on the same directory end up with one secret, never half a file.
                Files.createLink(file, temp);
                LOG.log(System.Logger.Level.WARNING, configKey + " is not configured: generated one and stored it in "
                        + file + "; configure " + configKey + " for production and for every node of a cluster.");
            } catch (FileAlreadyExistsException lostRace) {
                // another process created it between our check and our link: use theirs
            } finally {
                Files.deleteIfExists(temp);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the generated " + configKey + " in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) throw new IOException("the file is empty; delete it to generate a new secret");
        return value;
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
