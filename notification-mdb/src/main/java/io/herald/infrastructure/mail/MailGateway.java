package io.herald.infrastructure.mail;

import io.herald.application.OutgoingEmail;
import io.herald.application.RenderedEmail;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Hands rendered emails to SMTP through the container-managed mail session
 * ({@code mail/notification}, created by server-config), reusing connections.
 *
 * <p>Fault tolerance: {@code @Timeout} bounds a hung server; {@code @Retry} absorbs sub-second
 * blips (transient failures only); {@code @CircuitBreaker} stops hammering a server that is
 * down, so callers fail fast and reschedule instead. Only server unavailability (connection
 * failures, timeouts, 421) counts against the breaker: a 4xx about one recipient says nothing
 * about the server's health. Longer waits are the caller's business
 * (JMS delivery delay), never a sleeping thread. All three are tunable through MicroProfile
 * Config, e.g. {@code io.herald.infrastructure.mail.MailGateway/send/CircuitBreaker/delay}.
 *
 * <p>Mail with a one-click unsubscribe link carries {@code List-Unsubscribe} and
 * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click} (RFC 8058). When DKIM is configured
 * every message is signed ({@link DkimSigning}) before a connection is borrowed; when it is
 * configured but cannot sign, the send fails with {@link DkimUnavailableException}, which is
 * neither retried here nor counted by the breaker (the SMTP server is not the problem).
 */
@ApplicationScoped
public class MailGateway {

    /** How long the breaker stays open unless configured otherwise; also how long callers defer when it is. */
    public static final long BREAKER_DELAY_MS = 10_000;
    /** The MicroProfile Fault Tolerance property that overrides {@link #BREAKER_DELAY_MS} (milliseconds). */
    public static final String BREAKER_DELAY_PROPERTY = "io.herald.infrastructure.mail.MailGateway/send/CircuitBreaker/delay";

    @Resource(lookup = "mail/notification")
    private Session session;

    @Inject
    private MetricRegistry metrics;

    @Inject
    private DkimSigning dkim;

    @Inject
    @ConfigProperty(name = "herald.smtp.max-idle-connections", defaultValue = "16")
    private int maxIdleConnections;

    private SmtpConnectionPool pool;
    private volatile Method lastServerResponse;

    /**
     * Sends one email.
     *
     * @return the server's reply to the message (e.g. {@code 250 OK}), as far as the provider
     *         exposes it
     * @throws TransientDeliveryException when trying again later may work
     * @throws PermanentDeliveryException when it never will
     * @throws DkimUnavailableException when DKIM signing is configured but cannot be done now
     */
    @Timeout(value = 30, unit = java.time.temporal.ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = TransientDeliveryException.class,
            abortOn = PermanentDeliveryException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = BREAKER_DELAY_MS, successThreshold = 1,
            failOn = {SmtpUnavailableException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    public String send(OutgoingEmail email) {
        Timer.Context timing = metrics.timer("notification.send.duration").time();
        SmtpConnectionPool connections = pool;
        SmtpConnectionPool.Connection connection = null;
        try {
            MimeMessage message = toMime(session, dkim, email);
            connection = connections.borrow(session);
            connection.transport.sendMessage(message, message.getAllRecipients());
            String reply = reply(connection.transport);
            connections.release(connection);
            connection = null;
            return reply;
        } catch (DkimUnavailableException e) {
            throw e;
        } catch (MessagingException | RuntimeException e) {
            throw SmtpFailureClassifier.classify(e);
        } finally {
            if (connection != null) {
                connections.discard(connection);
            }
            timing.stop();
        }
    }

    /**
     * Sends a chunk of a batch over one connection, one result per email in order. An SMTP
     * reply about one email (4xx, 5xx) is that email's result and the chunk goes on over a fresh
     * connection (the failed one's state is unknown); a connection that cannot be had at all
     * makes every email left unavailable.
     *
     * <p>Guarded by its own {@code @CircuitBreaker} (counting only chunks that could not connect)
     * and by Jakarta Mail's own {@code mail.smtp.connectiontimeout / timeout / writetimeout}
     * (server-config), which bound a hung server per command without {@code @Timeout}'s context
     * capture around every chunk. No {@code @Retry}: a recipient's transient failure is retried
     * on its own, later, through the email queue.
     *
     * @throws SmtpUnavailableException when no connection could be opened (nothing was sent)
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = BREAKER_DELAY_MS, successThreshold = 1,
            failOn = SmtpUnavailableException.class)
    public List<Sent> sendChunk(List<OutgoingEmail> emails) {
        SmtpConnectionPool connections = pool;
        SmtpConnectionPool.Connection connection = borrow(connections);
        if (connection == null) {
            throw new SmtpUnavailableException("cannot connect to the SMTP server", 0);
        }
        List<Sent> results = new ArrayList<>(emails.size());
        DeliveryFailureException lost = null;
        try {
            for (OutgoingEmail email : emails) {
                if (connection == null) {
                    results.add(new Sent(null, lost, 0));
                    continue;
                }
                long started = System.nanoTime();
                try {
                    MimeMessage message = toMime(session, dkim, email);
                    connection.transport.sendMessage(message, message.getAllRecipients());
                    results.add(new Sent(reply(connection.transport), null, elapsedMs(started)));
                } catch (DkimUnavailableException e) {
                    // nothing was sent on the connection: it stays usable
                    results.add(new Sent(null, e, 0));
                } catch (MessagingException | RuntimeException e) {
                    results.add(new Sent(null, SmtpFailureClassifier.classify(e), elapsedMs(started)));
                    connections.discard(connection);
                    connection = null;
                    try {
                        connection = connections.borrow(session);
                    } catch (MessagingException | RuntimeException again) {
                        lost = SmtpFailureClassifier.classify(again);
                    }
                }
            }
        } finally {
            if (connection != null) {
                connections.release(connection);
            }
        }
        metrics.counter("notification.send.chunks").inc();
        return results;
    }

    private SmtpConnectionPool.Connection borrow(SmtpConnectionPool connections) {
        try {
            return connections.borrow(session);
        } catch (MessagingException | RuntimeException e) {
            DeliveryFailureException failure = SmtpFailureClassifier.classify(e);
            if (failure instanceof SmtpUnavailableException unavailable) {
                throw unavailable;
            }
            throw new SmtpUnavailableException(failure.getMessage(), failure.smtpCode());
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /**
     * One email of a chunk: the server's reply, or why it failed (a {@link DeliveryFailureException},
     * transient or permanent as {@link SmtpFailureClassifier} decided, or a
     * {@link DkimUnavailableException}), and how long it took.
     */
    public record Sent(String reply, RuntimeException failure, long durationMs) {
    }

    /** The message as it goes out: headers, body parts, List-Unsubscribe when the mail has a link, DKIM when configured. */
    static MimeMessage toMime(Session session, DkimSigning dkim, OutgoingEmail email) throws MessagingException {
        RenderedEmail content = email.content();
        MimeMessage message = new MimeMessage(session);
        message.setFrom();
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.recipient(), true));
        message.setSubject(content.subject(), "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("X-Notification-Id", Long.toString(email.notificationId()));
        if (email.correlationId() != null) {
            message.setHeader("X-Correlation-ID", email.correlationId());
        }
        if (email.listUnsubscribeUrl() != null) {
            message.setHeader("List-Unsubscribe", "<" + email.listUnsubscribeUrl() + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (content.html() != null && content.text() != null) {
            Multipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(content.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(content.html(), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        } else if (content.html() != null) {
            message.setText(content.html(), "UTF-8", "html");
        } else {
            message.setText(content.text(), "UTF-8");
        }
        message.saveChanges();
        return dkim.sign(message, email.notificationId());
    }

    /** Reads the last server reply where the provider offers it (Angus Mail does), else "250". */
    private String reply(Transport transport) {
        try {
            Method m = lastServerResponse;
            if (m == null) {
                m = transport.getClass().getMethod("getLastServerResponse");
                lastServerResponse = m;
            }
            Object r = m.invoke(transport);
            return r == null ? "250" : SmtpFailureClassifier.redact(r.toString().strip());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "250";
        }
    }

    @PostConstruct
    void createPool() {
        pool = new SmtpConnectionPool(maxIdleConnections, Duration.ofSeconds(20).toMillis());
    }

    @PreDestroy
    void closeConnections() {
        pool.clear();
    }
}
