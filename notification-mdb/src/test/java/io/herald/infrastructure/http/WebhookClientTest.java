package io.herald.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.domain.model.callback.CallbackTargetPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The callback client against real HTTP servers on loopback: 127.0.0.2 stands for an allowed
 * receiver, 127.0.0.1 (same port) for an internal service that must never be reached. Host
 * names other than {@code localhost} are answered by a scripted lookup, never by DNS.
 */
class WebhookClientTest {

    private static final CallbackTargetPolicy POLICY = CallbackTargetPolicy.of("127.0.0.2/32", "1024-65535");
    private static final InetAddress ALLOWED = address("127.0.0.2");
    private static final InetAddress INTERNAL = address("127.0.0.1");

    private Server receiver;
    private Server internal;
    private int port;
    private final AtomicInteger lookups = new AtomicInteger();
    /** Scripted answers for names, one answer per lookup, the last one repeated. */
    private final Deque<InetAddress[]> answers = new ConcurrentLinkedDeque<>();
    private WebhookClient client;

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws IOException {
        for (int tries = 0; ; tries++) {
            receiver = new Server(ALLOWED, 0);
            port = receiver.port();
            try {
                internal = new Server(INTERNAL, port);
                break;
            } catch (BindException e) {
                receiver.close();
                if (tries == 20) {
                    throw e;
                }
            }
        }
        client = client(POLICY, Timeout.ofSeconds(2), Timeout.ofSeconds(2));
    }

    private WebhookClient client(CallbackTargetPolicy policy, Timeout connect, Timeout read) {
        return new WebhookClient(policy, host -> {
            lookups.incrementAndGet();
            if (host.endsWith(".test")) {
                InetAddress[] answer = answers.size() > 1 ? answers.poll() : answers.peek();
                if (answer == null) {
                    throw new UnknownHostException(host);
                }
                return answer;
            }
            if (host.equals("localhost") || host.indexOf(':') >= 0 || Character.isDigit(host.charAt(0))) {
                return InetAddress.getAllByName(host); // literals and /etc/hosts only: no DNS query
            }
            throw new AssertionError("unexpected lookup of " + host);
        }, connect, read);
    }

    @AfterEach
    void stop() {
        client.close();
        receiver.close();
        internal.close();
    }

    private int post(String url) throws IOException {
        return client.post(url, Map.of("webhook-id", "msg_1_delivered"), "{\"status\":\"DELIVERED\"}");
    }

    @Test
    void postsToAnAllowedAddress() throws IOException {
        assertEquals(204, post("http://127.0.0.2:" + port + "/ok"));
        Server.Request r = receiver.requests.get(0);
        assertEquals("/ok", r.path());
        assertEquals("msg_1_delivered", r.headers().get("webhook-id"));
        assertTrue(r.headers().get("content-type").startsWith("application/json"));
        assertEquals("{\"status\":\"DELIVERED\"}", r.body());
        assertTrue(internal.requests.isEmpty());
    }

    @Test
    void internalLiteralsAreRefusedWithoutConnecting() {
        for (String url : List.of("http://127.0.0.1:" + port + "/x", "http://[::1]:" + port + "/x",
                "http://[::ffff:127.0.0.1]:" + port + "/x", "http://2130706433:" + port + "/x",
                "http://0:" + port + "/x")) {
            assertThrows(CallbackRefusedException.class, () -> post(url), url);
        }
        assertTrue(internal.requests.isEmpty());
    }

    @Test
    void aNameThatResolvesToAnInternalAddressIsRefusedWithoutConnecting() {
        // localhost resolves (from /etc/hosts) to 127.0.0.1 and maybe ::1, neither allowed
        CallbackRefusedException e = assertThrows(CallbackRefusedException.class,
                () -> post("http://localhost:" + port + "/x"));
        assertFalse(e.getMessage().contains("localhost"), "the host is not repeated: " + e.getMessage());
        answers.add(new InetAddress[] {INTERNAL});
        assertThrows(CallbackRefusedException.class, () -> post("http://hooks.test:" + port + "/x"));
        assertTrue(internal.requests.isEmpty());
        assertTrue(receiver.requests.isEmpty());
    }

    @Test
    void onlyTheCheckedAddressesAreConnectedTo() throws IOException {
        answers.add(new InetAddress[] {INTERNAL, ALLOWED});
        assertEquals(204, post("http://mixed.test:" + port + "/mixed"));
        assertEquals(1, receiver.requests.size());
        assertEquals("mixed.test:" + port, receiver.requests.get(0).headers().get("host"), "the name, not the address");
        assertTrue(internal.requests.isEmpty());
        assertEquals(1, lookups.get());
    }

    @Test
    void eachNewConnectionIsCheckedAgainstTheAddressItGoesTo() throws IOException {
        // DNS rebinding: the name first answers with the allowed address, then with an internal one
        answers.add(new InetAddress[] {ALLOWED});
        answers.add(new InetAddress[] {INTERNAL});
        assertEquals(204, post("http://rebind.test:" + port + "/close"));
        assertThrows(CallbackRefusedException.class, () -> post("http://rebind.test:" + port + "/close"));
        assertEquals(1, receiver.requests.size());
        assertTrue(internal.requests.isEmpty());
        assertEquals(2, lookups.get(), "one lookup per connection, none between check and connect");
    }

    @Test
    void pooledConnectionsAreReusedWithoutAnotherLookup() throws IOException {
        answers.add(new InetAddress[] {ALLOWED});
        for (int i = 0; i < 3; i++) {
            assertEquals(204, post("http://pooled.test:" + port + "/ok"));
        }
        assertEquals(3, receiver.requests.size());
        assertEquals(1, lookups.get());
    }

    @Test
    void portsOutsideTheAllowedOnesAreRefused() throws IOException {
        WebhookClient defaults = client(CallbackTargetPolicy.of("127.0.0.2/32", null), Timeout.ofSeconds(2), Timeout.ofSeconds(2));
        try {
            assertThrows(CallbackRefusedException.class, () -> defaults.post("http://127.0.0.2:" + port + "/x", Map.of(), "{}"));
        } finally {
            defaults.close();
        }
        assertTrue(receiver.requests.isEmpty());
        PolicyDnsResolver resolver = new PolicyDnsResolver(POLICY, host -> new InetAddress[] {ALLOWED});
        assertThrows(CallbackRefusedException.class, () -> resolver.resolve("hooks.test", 22));
        assertEquals(List.of(new InetSocketAddress(ALLOWED, 4000)), resolver.resolve("hooks.test", 4000));
    }

    @Test
    void anAllowedIpv6LiteralIsReachedWithoutItsBrackets() throws IOException {
        Server ipv6;
        try {
            ipv6 = new Server(address("::1"), 0);
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
            return;
        }
        WebhookClient v6 = client(CallbackTargetPolicy.of("::1/128", "1024-65535"), Timeout.ofSeconds(2), Timeout.ofSeconds(2));
        try {
            assertEquals(204, v6.post("http://[::1]:" + ipv6.port() + "/v6", Map.of(), "{}"));
            assertEquals(1, ipv6.requests.size());
            assertThrows(CallbackRefusedException.class, () -> post("http://[::1]:" + ipv6.port() + "/v6"),
                    "refused where ::1 is not allowed");
            assertEquals(1, ipv6.requests.size());
        } finally {
            v6.close();
            ipv6.close();
        }
    }

    @Test
    void redirectsAreNotFollowed() throws IOException {
        assertEquals(302, post("http://127.0.0.2:" + port + "/redirect"));
        assertEquals(1, receiver.requests.size());
        assertTrue(internal.requests.isEmpty());
    }

    @Test
    void noAnswerIsAnIoExceptionNotARefusal() {
        WebhookClient impatient = client(POLICY, Timeout.ofSeconds(2), Timeout.ofMilliseconds(300));
        try {
            IOException e = assertThrows(IOException.class,
                    () -> impatient.post("http://127.0.0.2:" + port + "/slow", Map.of(), "{}"));
            assertFalse(e instanceof CallbackRefusedException, e.toString());
        } finally {
            impatient.close();
        }
        receiver.close();
        IOException e = assertThrows(IOException.class, () -> post("http://127.0.0.2:" + port + "/gone"));
        assertFalse(e instanceof CallbackRefusedException, e.toString());
    }

    @Test
    void aLongAnswerIsNotReadAndTheClientCarriesOn() throws IOException {
        assertEquals(200, post("http://127.0.0.2:" + port + "/big"));
        assertEquals(200, post("http://127.0.0.2:" + port + "/small"));
        assertEquals(204, post("http://127.0.0.2:" + port + "/ok"));
        assertEquals(3, receiver.requests.size());
    }

    @Test
    void userInformationIsNeverSent() throws IOException {
        assertEquals(204, post("http://user:secret@127.0.0.2:" + port + "/u?a=1%202"));
        Server.Request r = receiver.requests.get(0);
        assertNull(r.headers().get("authorization"));
        assertEquals("/u", r.path());
        assertEquals("a=1%202", r.rawQuery());
    }

    /** A loopback HTTP server; the path picks the answer. */
    static final class Server implements AutoCloseable {

        record Request(String path, String rawQuery, Map<String, String> headers, String body) {
        }

        final List<Request> requests = new CopyOnWriteArrayList<>();
        private final HttpServer server;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        Server(InetAddress address, int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            requests.add(new Request(path, exchange.getRequestURI().getRawQuery(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            switch (path) {
                case "/close" -> {
                    exchange.getResponseHeaders().set("Connection", "close");
                    exchange.sendResponseHeaders(204, -1);
                }
                case "/redirect" -> {
                    exchange.getResponseHeaders().set("Location", "http://127.0.0.2:" + port() + "/target");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/slow" -> {
                    sleep(1500);
                    exchange.sendResponseHeaders(204, -1);
                }
                case "/big" -> {
                    byte[] chunk = new byte[64 * 1024];
                    exchange.sendResponseHeaders(200, 0); // chunked, unknown length
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 32; i++) {
                            out.write(chunk);
                        }
                    } catch (IOException e) {
                        // the client stopped reading and closed: expected
                    }
                }
                case "/small" -> {
                    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, ok.length);
                    exchange.getResponseBody().write(ok);
                }
                default -> exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
