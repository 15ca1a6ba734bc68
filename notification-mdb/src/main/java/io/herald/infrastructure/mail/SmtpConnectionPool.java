package io.herald.infrastructure.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Keeps connected SMTP transports for reuse, so consecutive emails skip the TCP handshake,
 * greeting, EHLO and (where configured) STARTTLS/AUTH. A transport is used by one thread at a
 * time. One that sat idle longer than {@code idleCheckMillis} is probed (NOOP) before reuse;
 * when a reused transport fails, every idle one is dropped too, as they likely share its fate
 * (e.g. the server restarted).
 */
final class SmtpConnectionPool {

    private final BlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private final int maxIdle;
    private final long idleCheckMillis;

    SmtpConnectionPool(int maxIdle, long idleCheckMillis) {
        this.maxIdle = maxIdle;
        this.idleCheckMillis = idleCheckMillis;
    }

    /** A transport leased from the pool or freshly connected. */
    static final class Connection {
        final Transport transport;
        final boolean reused;
        long lastUsed;

        Connection(Transport transport, boolean reused) {
            this.transport = transport;
            this.reused = reused;
            this.lastUsed = System.currentTimeMillis();
        }
    }

    Connection borrow(Session session) throws MessagingException {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            boolean fresh = System.currentTimeMillis() - c.lastUsed < idleCheckMillis;
            if (fresh || c.transport.isConnected()) {
                return new Connection(c.transport, true);
            }
            closeQuietly(c.transport);
        }
        Transport transport = session.getTransport();
        transport.connect();
        return new Connection(transport, false);
    }

    void release(Connection c) {
        c.lastUsed = System.currentTimeMillis();
        if (idle.size() < maxIdle) {
            idle.offerFirst(c);
        } else {
            closeQuietly(c.transport);
        }
    }

    void discard(Connection c) {
        closeQuietly(c.transport);
        if (c.reused) {
            clear();
        }
    }

    void clear() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            closeQuietly(c.transport);
        }
    }

    int idleCount() {
        return idle.size();
    }

    private static void closeQuietly(Transport t) {
        try {
            t.close();
        } catch (MessagingException | RuntimeException ignored) {
            // already broken; nothing to release
        }
    }
}
