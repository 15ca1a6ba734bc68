import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator for the benchmark harness (issue 5). One file, JDK 17 only, no build step:
 *
 * <pre>
 *   java LoadGen.java closed --url http://127.0.0.1:30080 --key hk_... --template bench --prefix c8 \
 *        --concurrency 8 --duration 15 [--count 0]
 *   java LoadGen.java open   --url ... --rate 1000 --duration 20 [--threads 128]
 *   java LoadGen.java idle   --url ... --count 100 [--pause-ms 50]
 * </pre>
 *
 * closed: C threads each send POST /api/v1/notifications back to back until --duration seconds
 *         or --count requests (0 = no limit); latency = response time.
 * open:   requests are due at a fixed rate (request i at start + i/R); a pool of threads sends
 *         each one at its due time; latency is measured from the due time, so a stalled server
 *         is charged for the requests it delayed (no coordinated omission). Requests not started
 *         by duration + --max-overrun seconds (default max(10, duration)) are skipped and
 *         reported as unsent, so a slow server cannot stretch the run without bound.
 * idle:   one request at a time; after each POST, polls GET .../{request_id} until DELIVERED,
 *         then pauses; reports the client-side POST -> DELIVERED-seen time (the harness takes
 *         the precise accept -> SMTP 250 time from the database).
 *
 * Prints progress to stderr and one machine-readable line to stdout:
 * {@code RESULT mode=... sent=... ok=... non202=... errors=... elapsed_s=... rps=... p50_ms=... ...}
 * Only 127.0.0.1 / localhost URLs are accepted.
 */
public class LoadGen {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java LoadGen.java closed|open|idle --url URL --key KEY --template CODE --prefix P [options]");
            System.exit(2);
        }
        String mode = args[0];
        Map<String, String> opt = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad option: " + args[i]);
            }
            opt.put(args[i].substring(2), args[++i]);
        }
        LoadGen gen = new LoadGen(opt);
        switch (mode) {
            case "closed" -> gen.closed(Integer.parseInt(opt.getOrDefault("concurrency", "8")),
                    Double.parseDouble(opt.getOrDefault("duration", "15")), Long.parseLong(opt.getOrDefault("count", "0")));
            case "open" -> {
                double duration = Double.parseDouble(opt.getOrDefault("duration", "20"));
                gen.open(Double.parseDouble(opt.getOrDefault("rate", "1000")), duration,
                        Integer.parseInt(opt.getOrDefault("threads", "128")),
                        Double.parseDouble(opt.getOrDefault("max-overrun", String.valueOf(Math.max(10, duration)))));
            }
            case "idle" -> gen.idle(Integer.parseInt(opt.getOrDefault("count", "100")),
                    Long.parseLong(opt.getOrDefault("pause-ms", "50")));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.exit(0);
    }

    private final HttpClient client;
    private final URI postUri;
    private final String base;
    private final String auth;
    private final String template;
    private final String prefix;
    private final Duration timeout;

    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
    private final List<long[]> latencyChunks = new ArrayList<>();
    private volatile String firstError;

    LoadGen(Map<String, String> opt) {
        String url = opt.getOrDefault("url", "http://127.0.0.1:8080");
        URI u = URI.create(url);
        if (!"127.0.0.1".equals(u.getHost()) && !"localhost".equals(u.getHost())) {
            throw new IllegalArgumentException("refusing to load anything but 127.0.0.1/localhost: " + url);
        }
        base = url.replaceAll("/+$", "") + "/api/v1/notifications";
        postUri = URI.create(base);
        String key = opt.get("key");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("--key is required");
        }
        auth = "Bearer " + key;
        template = opt.getOrDefault("template", "bench");
        prefix = opt.getOrDefault("prefix", "lg-" + System.currentTimeMillis());
        timeout = Duration.ofSeconds(Long.parseLong(opt.getOrDefault("timeout-s", "30")));
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private HttpRequest post(long i) {
        String id = prefix + "-" + i;
        String body = "{\"notification_type\":\"email\",\"request_id\":\"" + id + "\",\"to\":\"bench-" + i
                + "@example.com\",\"template_code\":\"" + template + "\",\"variables\":{\"i\":" + i + "}}";
        return HttpRequest.newBuilder(postUri)
                .timeout(timeout)
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Sends one POST; returns the status code, or -1 on an I/O error or timeout. */
    private int send(long i) {
        sent.increment();
        try {
            HttpResponse<Void> r = client.send(post(i), HttpResponse.BodyHandlers.discarding());
            int code = r.statusCode();
            codes.computeIfAbsent(code, c -> new LongAdder()).increment();
            if (code == 202) {
                ok.increment();
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.increment();
            return -1;
        } catch (Exception e) {
            errors.increment();
            if (firstError == null) {
                firstError = e.toString();
            }
            return -1;
        }
    }

    /** Per-thread growable latency record (nanoseconds). */
    private static final class Lat {
        long[] v = new long[4096];
        int n;

        void add(long ns) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = ns;
        }
    }

    private synchronized void keep(Lat l) {
        latencyChunks.add(Arrays.copyOf(l.v, l.n));
    }

    void closed(int concurrency, double durationS, long count) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + (long) (durationS * 1e9);
        long startEpochMs = System.currentTimeMillis();
        Thread[] threads = new Thread[concurrency];
        for (int t = 0; t < concurrency; t++) {
            threads[t] = new Thread(() -> {
                Lat lat = new Lat();
                while (true) {
                    long now = System.nanoTime();
                    if (now >= deadline) {
                        break;
                    }
                    long i = next.getAndIncrement();
                    if (count > 0 && i >= count) {
                        break;
                    }
                    long t0 = System.nanoTime();
                    if (send(i) >= 0) {
                        lat.add(System.nanoTime() - t0);
                    }
                }
                keep(lat);
            }, "closed-" + t);
            threads[t].start();
        }
        long elapsed = awaitAll(threads, start);
        report("closed", "concurrency=" + concurrency, startEpochMs, elapsed);
    }

    void open(double rate, double durationS, int threadCount, double maxOverrunS) throws InterruptedException {
        long total = (long) Math.floor(rate * durationS);
        double intervalNs = 1e9 / rate;
        AtomicLong next = new AtomicLong();
        LongAdder late = new LongAdder();
        LongAdder unsent = new LongAdder();
        long start = System.nanoTime() + 50_000_000L; // let the threads start first
        // a server that cannot keep up would otherwise stretch the run without bound: requests not
        // started by the end of the run + maxOverrun are not sent and reported as unsent
        long giveUp = start + (long) ((durationS + maxOverrunS) * 1e9);
        long startEpochMs = System.currentTimeMillis() + 50;
        Thread[] threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++) {
            threads[t] = new Thread(() -> {
                Lat lat = new Lat();
                while (true) {
                    long i = next.getAndIncrement();
                    if (i >= total) {
                        break;
                    }
                    long due = start + (long) (i * intervalNs);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (-wait > 1_000_000L) {
                        late.increment(); // every sender was busy: the server is behind
                    }
                    if (System.nanoTime() > giveUp) {
                        unsent.increment();
                        continue;
                    }
                    if (send(i) >= 0) {
                        lat.add(System.nanoTime() - due);
                    }
                }
                keep(lat);
            }, "open-" + t);
            threads[t].start();
        }
        long elapsed = awaitAll(threads, start);
        report("open", String.format(Locale.ROOT, "target_rate=%.0f threads=%d late_starts=%d unsent=%d", rate, threadCount, late.sum(), unsent.sum()),
                startEpochMs, elapsed);
    }

    void idle(int count, long pauseMs) throws Exception {
        Lat lat = new Lat();
        long startEpochMs = System.currentTimeMillis();
        long start = System.nanoTime();
        int notDelivered = 0;
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            if (send(i) != 202) {
                continue;
            }
            HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/" + prefix + "-" + i))
                    .timeout(timeout).header("Authorization", auth).GET().build();
            long giveUp = t0 + 10_000_000_000L;
            boolean delivered = false;
            while (System.nanoTime() < giveUp) {
                HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("\"status\":\"DELIVERED\"")) {
                    delivered = true;
                    break;
                }
                LockSupport.parkNanos(2_000_000L);
            }
            if (delivered) {
                lat.add(System.nanoTime() - t0);
            } else {
                notDelivered++;
            }
            Thread.sleep(pauseMs);
        }
        keep(lat);
        report("idle", "pause_ms=" + pauseMs + " not_delivered_within_10s=" + notDelivered, startEpochMs,
                System.nanoTime() - start);
    }

    /** Waits for the workers, printing progress meanwhile; the run's elapsed nanoseconds. */
    private long awaitAll(Thread[] threads, long start) throws InterruptedException {
        Thread progress = progress(start);
        for (Thread t : threads) {
            t.join();
        }
        progress.interrupt();
        return System.nanoTime() - start;
    }

    private Thread progress(long start) {
        Thread t = new Thread(() -> {
            long last = 0;
            try {
                while (true) {
                    Thread.sleep(5000);
                    long s = sent.sum();
                    System.err.printf(Locale.ROOT, "[loadgen] %5.1f s  sent %d (%.0f/s in the last 5 s), 202 %d, errors %d%n",
                            (System.nanoTime() - start) / 1e9, s, (s - last) / 5.0, ok.sum(), errors.sum());
                    last = s;
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private synchronized void report(String mode, String extra, long startEpochMs, long elapsedNs) {
        int n = 0;
        for (long[] c : latencyChunks) {
            n += c.length;
        }
        long[] all = new long[n];
        int p = 0;
        for (long[] c : latencyChunks) {
            System.arraycopy(c, 0, all, p, c.length);
            p += c.length;
        }
        Arrays.sort(all);
        double secs = elapsedNs / 1e9;
        long okN = ok.sum();
        long sentN = sent.sum();
        long non202 = 0;
        Map<Integer, Long> byCode = new TreeMap<>();
        for (Map.Entry<Integer, LongAdder> e : codes.entrySet()) {
            byCode.put(e.getKey(), e.getValue().sum());
            if (e.getKey() != 202) {
                non202 += e.getValue().sum();
            }
        }
        String line = String.format(Locale.ROOT,
                "RESULT mode=%s %s sent=%d ok=%d non202=%d errors=%d elapsed_s=%.3f rps=%.1f "
                        + "p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f start_epoch_ms=%d codes=%s",
                mode, extra, sentN, okN, non202, errors.sum(), secs, okN / secs,
                pct(all, 0.50), pct(all, 0.95), pct(all, 0.99), all.length == 0 ? 0.0 : all[all.length - 1] / 1e6,
                startEpochMs, byCode.toString().replace(" ", ""));
        System.out.println(line);
        if (firstError != null) {
            System.err.println("[loadgen] first error: " + firstError);
        }
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0.0;
        }
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(idx, sorted.length - 1))] / 1e6;
    }
}
