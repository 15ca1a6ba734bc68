package io.herald.infrastructure.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpConnectionPoolTest {

    static final AtomicInteger CONNECTS = new AtomicInteger();
    static final AtomicInteger CLOSES = new AtomicInteger();

    /** Stands in for SMTP: counts connections instead of opening them. */
    public static class CountingTransport extends Transport {
        public CountingTransport(Session session, URLName url) {
            super(session, url);
        }

        @Override
        protected boolean protocolConnect(String host, int port, String user, String password) {
            CONNECTS.incrementAndGet();
            return true;
        }

        @Override
        public void sendMessage(Message message, Address[] addresses) {
        }

        @Override
        public synchronized void close() throws MessagingException {
            CLOSES.incrementAndGet();
            super.close();
        }
    }

    private Session session;

    @BeforeEach
    void session() throws Exception {
        CONNECTS.set(0);
        CLOSES.set(0);
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        session = Session.getInstance(p);
        Provider counting = new Provider(Provider.Type.TRANSPORT, "smtp", CountingTransport.class.getName(), "test", "1");
        session.addProvider(counting);
        session.setProvider(counting);
    }

    @Test
    void consecutiveSendsShareOneConnection() throws Exception {
        SmtpConnectionPool pool = new SmtpConnectionPool(4, 60_000);
        for (int i = 0; i < 10; i++) {
            SmtpConnectionPool.Connection c = pool.borrow(session);
            assertEquals(i > 0, c.reused);
            pool.release(c);
        }
        assertEquals(1, CONNECTS.get());
        assertEquals(1, pool.idleCount());
    }

    @Test
    void concurrentBorrowersGetTheirOwnConnectionsUpToTheIdleLimit() throws Exception {
        SmtpConnectionPool pool = new SmtpConnectionPool(2, 60_000);
        var a = pool.borrow(session);
        var b = pool.borrow(session);
        var c = pool.borrow(session);
        assertEquals(3, CONNECTS.get());
        pool.release(a);
        pool.release(b);
        pool.release(c);
        assertEquals(2, pool.idleCount());
        assertEquals(1, CLOSES.get());
    }

    @Test
    void aFailedReusedConnectionDropsAllIdleOnes() throws Exception {
        SmtpConnectionPool pool = new SmtpConnectionPool(4, 60_000);
        var a = pool.borrow(session);
        var b = pool.borrow(session);
        pool.release(a);
        pool.release(b);
        var reused = pool.borrow(session);
        assertTrue(reused.reused);
        pool.discard(reused);
        assertEquals(0, pool.idleCount());
        var fresh = pool.borrow(session);
        assertFalse(fresh.reused);
        assertEquals(3, CONNECTS.get());
    }
}
