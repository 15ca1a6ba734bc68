package io.herald.infrastructure.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway outside the container: configuration, lazy loading and reloading of the credentials file. */
class PushGatewayTest {

    private static KeyPair firstKeys;
    private static KeyPair rotatedKeys;

    @TempDir
    Path dir;
    private FakeFcm fcm;
    private FakeFcm.Account first;
    private FakeFcm.Account rotated;
    private Path file;

    @BeforeAll
    static void generateKeys() {
        firstKeys = FakeFcm.rsaKeys();
        rotatedKeys = FakeFcm.rsaKeys();
    }

    @BeforeEach
    void start() throws IOException {
        fcm = new FakeFcm();
        first = new FakeFcm.Account("push@herald-test.iam.gserviceaccount.com", "key-1", firstKeys);
        rotated = new FakeFcm.Account("push-2@herald-test.iam.gserviceaccount.com", "key-2", rotatedKeys);
        fcm.trust(first);
        fcm.trust(rotated);
        file = dir.resolve("service-account.json");
    }

    @AfterEach
    void stop() {
        fcm.close();
    }

    private PushGateway gateway(Optional<String> credentialsFile) {
        return new PushGateway(credentialsFile, fcm.endpoint().toString(), Duration.ofSeconds(2), Duration.ofSeconds(2),
                MutableClock.atSystemTime());
    }

    private static FcmMessage message() {
        return new FcmMessage("device-token-1", "t", "b", Map.of("k", "v"), null);
    }

    @Test
    void withoutCredentialsFileItIsNotConfigured() {
        for (Optional<String> setting : List.of(Optional.<String>empty(), Optional.of("  "))) {
            PushGateway gateway = gateway(setting);
            assertFalse(gateway.isConfigured());
            PushNotConfiguredException e = assertThrows(PushNotConfiguredException.class, () -> gateway.send(message()));
            assertTrue(e.getMessage().contains("herald.push.fcm.credentials-file"));
        }
        assertTrue(fcm.sends().isEmpty());
    }

    @Test
    void loadsTheFileOnFirstUse() throws IOException {
        PushGateway gateway = gateway(Optional.of(file.toString()));
        assertTrue(gateway.isConfigured(), "configured even before the file exists");

        FcmUnavailableException missing = assertThrows(FcmUnavailableException.class, () -> gateway.send(message()));
        assertEquals("FCM credentials file cannot be read (NoSuchFileException)", missing.getMessage());

        fcm.writeServiceAccount(first, file);
        assertInstanceOf(FcmResult.Accepted.class, gateway.send(message()));
        assertInstanceOf(FcmResult.Accepted.class, gateway.send(message()));
        assertEquals(List.of(first.clientEmail()), fcm.tokenRequestIssuers());
        assertEquals("device-token-1", fcm.sends().get(0).message().getString("token"));
    }

    @Test
    void rotatedFileIsPickedUpWithoutRestart() throws IOException {
        fcm.writeServiceAccount(first, file);
        PushGateway gateway = gateway(Optional.of(file.toString()));
        assertInstanceOf(FcmResult.Accepted.class, gateway.send(message()));
        FileTime before = Files.getLastModifiedTime(file);

        fcm.writeServiceAccount(rotated, file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
        assertInstanceOf(FcmResult.Accepted.class, gateway.send(message()));
        assertInstanceOf(FcmResult.Accepted.class, gateway.send(message()));

        assertEquals(List.of(first.clientEmail(), rotated.clientEmail()), fcm.tokenRequestIssuers());
        assertEquals(List.of(), fcm.assertionProblems());
        List<String> used = fcm.sends().stream().map(FakeFcm.SendRequest::authorization).toList();
        assertEquals(List.of("Bearer ya29.test-1", "Bearer ya29.test-2", "Bearer ya29.test-2"), used);
    }

    @Test
    void brokenFileIsUnavailableUntilFixed() throws IOException {
        Files.writeString(file, "{\"type\":\"service_account\",\"project_id\":\"herald-test\"}");
        PushGateway gateway = gateway(Optional.of(file.toString()));

        FcmUnavailableException e = assertThrows(FcmUnavailableException.class, () -> gateway.send(message()));
        assertEquals("FCM service account: \"client_email\" is missing", e.getMessage());
        assertThrows(FcmUnavailableException.class, () -> gateway.send(message()));

        FileTime before = Files.getLastModifiedTime(file);
        fcm.writeServiceAccount(first, file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
        assertInstanceOf(FcmResult.Accepted.class, gateway.send(message()));
        assertEquals(1, fcm.tokenRequests());
    }

    @Test
    void faultToleranceCountsOnlyUnavailability() throws NoSuchMethodException {
        Method send = PushGateway.class.getMethod("send", FcmMessage.class);
        CircuitBreaker breaker = send.getAnnotation(CircuitBreaker.class);
        assertEquals(PushGateway.BREAKER_DELAY_MS, breaker.delay());
        assertEquals(List.of(FcmUnavailableException.class, TimeoutException.class), List.of(breaker.failOn()));
        Retry retry = send.getAnnotation(Retry.class);
        assertEquals(List.of(FcmUnavailableException.class), List.of(retry.retryOn()));
        assertEquals(List.of(PushNotConfiguredException.class), List.of(retry.abortOn()));
        assertEquals("io.herald.infrastructure.push.PushGateway/send/CircuitBreaker/delay", PushGateway.BREAKER_DELAY_PROPERTY);
    }
}
