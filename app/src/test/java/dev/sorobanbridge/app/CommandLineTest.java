package dev.sorobanbridge.app;

import dev.sorobanbridge.bridge.server.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void defaultsToRoleAllWithoutFileOrProfile() {
        CommandLine cmd = CommandLine.parse();
        assertEquals(Role.ALL, cmd.role());
        assertNull(cmd.configFile());
        assertNull(cmd.profile());
        assertFalse(cmd.demo());
    }

    @Test
    void readsEveryOptionInBothSpellings() throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), "server:\n  port: 8081\n");
        CommandLine cmd = CommandLine.parse("--config", file.toString(), "--profile=testnet", "--role", "bridge", "--demo");
        assertEquals(file, cmd.configFile());
        assertEquals("testnet", cmd.profile());
        assertEquals(Role.BRIDGE, cmd.role());
        assertTrue(cmd.demo());
        assertEquals(Role.INDEXER, CommandLine.parse("--role=indexer").role());
    }

    @Test
    void badArgumentsAreOneSentence() {
        assertEquals("--role must be all, indexer or bridge, got 'leader'.",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--role", "leader")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--config"))
                .getMessage().startsWith("--config needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--verbose"))
                .getMessage().startsWith("Unknown argument '--verbose'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--config", dir.resolve("none.yaml").toString()))
                .getMessage().endsWith("does not exist."));
    }
}
