package io.herald.interfaces.health;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: the SMTP server of the container's mail session greets with 220 within
 * two seconds. Reads host and port from the session, so it checks what delivery will use. The
 * answer is open to anyone, so it names neither; the result is reused for a few seconds
 * ({@link CachedProbe}).
 */
@Readiness
@ApplicationScoped
public class SmtpReadinessCheck implements HealthCheck {

    private static final int TIMEOUT_MS = 2000;

    @Resource(lookup = "mail/notification")
    private Session mailSession;

    @Inject
    @ConfigProperty(name = "herald.health.cache-seconds", defaultValue = "5")
    long cacheSeconds;

    private CachedProbe<HealthCheckResponse> cache;

    @PostConstruct
    void init() {
        cache = new CachedProbe<>(Duration.ofSeconds(Math.max(0, cacheSeconds)));
    }

    /** Bounded: a probe that hangs (e.g. waiting for a pool connection) reports DOWN after 3 s. */
    @Override
    @Timeout(3000)
    public HealthCheckResponse call() {
        return cache.get(this::probe);
    }

    private HealthCheckResponse probe() {
        String host = mailSession.getProperty("mail.smtp.host");
        String portText = mailSession.getProperty("mail.smtp.port");
        int port = portText == null ? 25 : Integer.parseInt(portText.strip());
        var response = HealthCheckResponse.named("smtp");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            OutputStream out = socket.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return response.status(greeting != null && greeting.startsWith("220")).build();
        } catch (Exception e) {
            return response.down().build();
        }
    }
}
