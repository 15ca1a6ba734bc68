package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushConfigurationTest {

    @TempDir
    Path dir;

    private static PushConfiguration with(Optional<String> file) {
        PushConfiguration c = new PushConfiguration();
        c.credentialsFile = file;
        return c;
    }

    @Test
    void pushIsConfiguredOnlyWithAReadableCredentialsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("sa.json"), "{}");
        assertTrue(with(Optional.of(file.toString())).isConfigured());
        assertFalse(with(Optional.empty()).isConfigured(), "not set");
        assertFalse(with(Optional.of("  ")).isConfigured(), "blank");
        assertFalse(with(Optional.of(dir.resolve("missing.json").toString())).isConfigured(), "missing file");
        assertFalse(with(Optional.of(dir.toString())).isConfigured(), "a directory");
        assertFalse(with(Optional.of("\u0000bad")).isConfigured(), "not a path");
    }
}
