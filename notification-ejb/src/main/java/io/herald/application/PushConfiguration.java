package io.herald.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether push can be accepted: {@code herald.push.fcm.credentials-file} names a readable file.
 * Checked when a push notification is submitted, so a server without FCM credentials answers
 * 422 at once instead of accepting work it can never deliver. (The sender itself reads and
 * validates the file; it is re-read when it changes.)
 */
@ApplicationScoped
public class PushConfiguration {

    public static final String CREDENTIALS_FILE = "herald.push.fcm.credentials-file";

    @Inject
    @ConfigProperty(name = CREDENTIALS_FILE)
    Optional<String> credentialsFile;

    public boolean isConfigured() {
        return credentialsFile.filter(f -> !f.isBlank()).map(PushConfiguration::readable).orElse(false);
    }

    private static boolean readable(String file) {
        try {
            Path path = Path.of(file);
            return Files.isRegularFile(path) && Files.isReadable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
