package io.herald.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server (GreenMail) on the port the test domain's mail session points at. */
final class Mailbox implements AutoCloseable {

    private final int port;
    private GreenMail server;

    private Mailbox(int port) {
        this.port = port;
    }

    static Mailbox start() {
        return start(ItEnvironment.SMTP_PORT);
    }

    /** On another port (the test cluster's mail session). */
    static Mailbox start(int port) {
        Mailbox m = new Mailbox(port);
        m.up();
        return m;
    }

    void up() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    void down() {
        server.stop();
    }

    /** Messages received for one recipient address. */
    List<MimeMessage> to(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> isFor(m, address)).toList();
    }

    private static boolean isFor(MimeMessage m, String address) {
        try {
            Address[] recipients = m.getAllRecipients();
            return recipients != null && Arrays.stream(recipients).anyMatch(a -> a.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
