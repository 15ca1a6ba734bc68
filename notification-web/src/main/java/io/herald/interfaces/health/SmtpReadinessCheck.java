package io.herald.interfaces.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
public class SmtpReadinessCheck extends CachedReadinessCheck {

    private static final int TIMEOUT_MS = 2000;

    @Resource(lookup = "mail/notification")
    private Session mailSession;


    @Override
    protected HealthCheckResponse probe() {
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
