package io.herald.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server (SubEthaSMTP) whose answer depends on the recipient's local part:
 * {@code tempfail<N>-...} is refused with 451 for its first N RCPT commands, {@code always451-...}
 * always, {@code reject-...} gets 550; anything else is accepted. {@link #heal} makes an address
 * acceptable from then on.
 */
final class ScriptedSmtp implements AutoCloseable {

    private final SMTPServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final Set<String> healed = ConcurrentHashMap.newKeySet();

    ScriptedSmtp() {
        server = SMTPServer.port(ItEnvironment.SMTP_PORT)
                .bindAddress(InetAddress.getLoopbackAddress())
                .messageHandlerFactory(this::handler)
                .build();
        server.start();
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            private final List<String> recipients = new CopyOnWriteArrayList<>();

            @Override
            public void from(String from) {
            }

            @Override
            public void recipient(String recipient) throws RejectException {
                String address = recipient.toLowerCase();
                String local = address.substring(0, address.indexOf('@'));
                int call = calls.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                if (!healed.contains(address)) {
                    if (local.startsWith("reject-")) {
                        throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected");
                    }
                    if (local.startsWith("always451-")) {
                        throw new RejectException(451, "4.3.0 <" + recipient + ">: try again later");
                    }
                    if (local.startsWith("tempfail")) {
                        int limit = Integer.parseInt(local.substring("tempfail".length(), local.indexOf('-')));
                        if (call <= limit) {
                            throw new RejectException(451, "4.3.0 <" + recipient + ">: try again later");
                        }
                    }
                }
                recipients.add(address);
            }

            @Override
            public String data(InputStream data) throws IOException {
                String content = new String(data.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                for (String r : recipients) {
                    received.computeIfAbsent(r, k -> new CopyOnWriteArrayList<>()).add(content);
                }
                return null;
            }

            @Override
            public void done() {
            }
        };
    }

    /** How many RCPT commands named this address so far (refused or not). */
    int calls(String address) {
        AtomicInteger n = calls.get(address.toLowerCase());
        return n == null ? 0 : n.get();
    }

    List<String> to(String address) {
        return received.getOrDefault(address.toLowerCase(), List.of());
    }

    void heal(String address) {
        healed.add(address.toLowerCase());
    }

    @Override
    public void close() {
        server.stop();
    }
}
