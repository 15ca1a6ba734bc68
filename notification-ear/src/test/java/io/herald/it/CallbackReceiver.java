package io.herald.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for a customer's callback endpoint. The path decides the
 * answer: {@code /fail<N>/...} answers 500 to its first N calls, {@code /always500/...} always,
 * {@code /blocked/...} waits until {@link #release()}; anything else answers 204.
 *
 * <p>It listens on {@value #ADDRESS}, the one address the test domain's callback policy allows
 * ({@code herald.callback.allowed-networks=127.0.0.2/32}, prepare-test-domain.sh; Linux routes
 * all of 127/8 to loopback), and on 127.0.0.1 with the same port, which the policy refuses: a
 * callback that reaches it there (e.g. through {@code localhost}) would show up in
 * {@link #calls}, with {@link Call#address()} saying where it arrived.
 */
final class CallbackReceiver implements AutoCloseable {

    static final String ADDRESS = "127.0.0.2";

    /** One received callback, and the local address it arrived on. */
    record Call(String path, Map<String, String> headers, String body, String address) {
    }

    private final HttpServer server;
    private final HttpServer refusedTwin;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> perPath = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();

    CallbackReceiver() {
        HttpServer[] pair = bindPair();
        server = pair[0];
        refusedTwin = pair[1];
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
        refusedTwin.setExecutor(Executors.newFixedThreadPool(2));
        refusedTwin.createContext("/", this::handle);
        refusedTwin.start();
    }

    /** {@value #ADDRESS} on a free port, and 127.0.0.1 on the same port. */
    private static HttpServer[] bindPair() {
        IOException last = null;
        for (int tries = 0; tries < 20; tries++) {
            HttpServer allowed;
            try {
                allowed = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ADDRESS), 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + ADDRESS, e);
            }
            try {
                HttpServer twin = HttpServer.create(
                        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), allowed.getAddress().getPort()), 10);
                return new HttpServer[] {allowed, twin};
            } catch (IOException e) {
                last = e;
                allowed.stop(0);
            }
        }
        throw new UncheckedIOException("no port free on both 127.0.0.2 and 127.0.0.1", last);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        calls.add(new Call(path, headers, body, exchange.getLocalAddress().getAddress().getHostAddress()));
        int n = perPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        int status = 204;
        if (path.startsWith("/always500/")) {
            status = 500;
        } else if (path.startsWith("/fail")) {
            int limit = Integer.parseInt(path.substring("/fail".length(), path.indexOf('/', 1)));
            status = n <= limit ? 500 : 204;
        } else if (path.startsWith("/blocked/")) {
            waiting.incrementAndGet();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The receiver's URL on the allowed address. */
    String url(String path) {
        return "http://" + ADDRESS + ":" + port() + path;
    }

    List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    /** Requests currently held by {@code /blocked/...}. */
    int waiting() {
        return waiting.get();
    }

    void release() {
        release.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        refusedTwin.stop(0);
    }
}
