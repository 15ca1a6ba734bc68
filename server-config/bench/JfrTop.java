import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording for the benchmark report:
 * top methods by self time (top frame), top application methods (io.herald) and top packages by
 * inclusive time (anywhere on the stack), and which calls trigger class-path scans
 * (ServiceLoader and ClassLoader.getResources, expensive in an EAR's class-loader chain). JDK 17, no build step:
 * {@code java JfrTop.java recording.jfr [top=15]}. Prints Markdown.
 */
public class JfrTop {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> appInclusive = new HashMap<>();
        Map<String, Integer> groupInclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> lookups = new HashMap<>();
        Map<String, long[]> blocking = new HashMap<>();
        int samples = 0;
        int lookupSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (BLOCKING.contains(e.getEventType().getName())) {
                blocked(e, blocking);
                continue;
            }
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seenApp = new HashSet<>();
            Set<String> seenGroup = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("io.herald.") && seenApp.add(n)) {
                    appInclusive.merge(n, 1, Integer::sum);
                }
                String g = group(n);
                if (g != null && seenGroup.add(g)) {
                    groupInclusive.merge(g, 1, Integer::sum);
                }
            }
            // class-path scans (ServiceLoader, getResources) on a request path are pure overhead:
            // name the API that triggered the scan and the application frame that called it
            int outer = -1;
            for (int i = 0; i < frames.size(); i++) {
                String n = name(frames.get(i));
                if (n.startsWith("java.util.ServiceLoader") || n.equals("java.lang.ClassLoader.getResources")) {
                    outer = i;
                }
            }
            if (outer >= 0) {
                lookupSamples++;
                String api = null;
                String app = "(no io.herald frame)";
                for (int i = outer + 1; i < frames.size(); i++) {
                    String n = name(frames.get(i));
                    if (api == null && !isPlumbing(n)) {
                        api = n;
                    }
                    if (n.startsWith("io.herald.")) {
                        app = n + ":" + frames.get(i).getLineNumber();
                        break;
                    }
                }
                lookups.merge((api == null ? "?" : api) + "` ← `" + app, 1, Integer::sum);
            }
            Object thread = e.getValue("sampledThread");
            String tn = thread instanceof jdk.jfr.consumer.RecordedThread t && t.getJavaName() != null
                    ? t.getJavaName().replaceAll("[-#(]?\\d+\\)?$", "").replaceAll("\\d+$", "") : "?";
            threads.merge(tn, 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "CPU samples (jdk.ExecutionSample): %d%n%n", samples);
        print("Top methods by self time (top frame)", self, samples, top);
        print("Application methods (io.herald) by inclusive time", appInclusive, samples, top);
        print("Subsystems by inclusive time (a sample can count in several)", groupInclusive, samples, top);
        System.out.printf(Locale.ROOT, "Samples inside class-path scans (ServiceLoader / ClassLoader.getResources): %d (%.1f %%)%n%n",
                lookupSamples, samples == 0 ? 0.0 : 100.0 * lookupSamples / samples);
        print("Class-path scans: API that scanned ← nearest application frame", lookups, samples, 10);
        print("Threads (name without trailing number)", threads, samples, 10);
        System.out.println("| Waiting on the request (http-thread-pool) and delivery (MDB: orb-thread-pool) threads: "
                + "event, thread pool, first non-JDK frame ← application frame (only waits above the profile's thresholds, ~10-20 ms) | events | total s |");
        System.out.println("|---|---:|---:|");
        blocking.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(top)
                .forEach(x -> System.out.printf(Locale.ROOT, "| %s | %d | %.1f |%n", x.getKey(), x.getValue()[0], x.getValue()[1] / 1e9));
        System.out.println();
    }

    private static final Set<String> BLOCKING = Set.of("jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait",
            "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileForce", "jdk.FileWrite", "jdk.FileRead");

    /** Long waits of the threads that serve requests and deliveries, grouped by where they wait. */
    private static void blocked(RecordedEvent e, Map<String, long[]> blocking) {
        String thread = e.getThread() == null || e.getThread().getJavaName() == null ? "" : e.getThread().getJavaName();
        String pool;
        if (thread.startsWith("http-thread-pool")) {
            pool = "http";
        } else if (thread.startsWith("orb-thread-pool")) {
            pool = "mdb";
        } else {
            return;
        }
        RecordedStackTrace st = e.getStackTrace();
        if (st == null) {
            return;
        }
        String where = null;
        String app = "";
        for (RecordedFrame f : st.getFrames()) {
            String n = name(f);
            if (where == null && !n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.")) {
                where = n + ":" + f.getLineNumber();
            }
            if (n.startsWith("io.herald.")) {
                app = " ← `" + n + "`";
                break;
            }
        }
        if (where == null || where.contains("WorkItemQueue.poll") || where.contains("org.glassfish.grizzly.threadpool")) {
            return; // an idle worker waiting for work
        }
        String key = e.getEventType().getName().replace("jdk.", "") + ", " + pool + " | `" + where + "`" + app;
        long[] v = blocking.computeIfAbsent(key, k -> new long[2]);
        v[0]++;
        v[1] += e.getDuration().toNanos();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static boolean isPlumbing(String n) {
        return n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.enterprise.loader.") || n.startsWith("com.sun.enterprise.v3.server.")
                || n.startsWith("com.sun.enterprise.module.") || n.startsWith("org.glassfish.javaee.full.deployment.")
                || n.startsWith("org.glassfish.web.loader.") || n.startsWith("org.glassfish.internal.api.")
                || n.startsWith("org.glassfish.hk2.osgiresourcelocator.");
    }

    /** Coarse buckets that answer "where does the time go" for this service. */
    private static String group(String m) {
        if (m.startsWith("org.postgresql.")) return "PostgreSQL JDBC driver";
        if (m.startsWith("org.eclipse.persistence.")) return "EclipseLink (JPA)";
        if (m.startsWith("com.sun.messaging.") || m.startsWith("com.sun.enterprise.connectors.") && m.contains("jms")) return "OpenMQ / JMS";
        if (m.startsWith("com.sun.enterprise.transaction.") || m.startsWith("com.sun.jts.")) return "JTA / XA transactions";
        if (m.startsWith("org.glassfish.grizzly.")) return "Grizzly HTTP";
        if (m.startsWith("org.glassfish.jersey.")) return "Jersey (JAX-RS)";
        if (m.startsWith("org.eclipse.angus.mail.") || m.startsWith("jakarta.mail.")) return "Jakarta Mail (SMTP)";
        if (m.startsWith("org.eclipse.yasson.") || m.startsWith("org.glassfish.json.") || m.startsWith("org.eclipse.parsson.")) return "JSON (Yasson/Parsson)";
        if (m.startsWith("com.github.jknack.handlebars.")) return "Handlebars rendering";
        if (m.startsWith("org.jboss.weld.")) return "Weld (CDI)";
        if (m.startsWith("com.sun.ejb.") || m.startsWith("org.glassfish.ejb.")) return "EJB container";
        if (m.startsWith("fish.payara.microprofile.faulttolerance.")) return "MicroProfile Fault Tolerance";
        if (m.startsWith("fish.payara.microprofile.metrics.") || m.startsWith("io.smallrye.metrics.")) return "MicroProfile Metrics";
        if (m.startsWith("java.util.logging.") || m.startsWith("com.sun.enterprise.server.logging.") || m.startsWith("fish.payara.enterprise.server.logging.")) return "Logging";
        if (m.startsWith("sun.security.") || m.startsWith("java.security.") || m.startsWith("javax.crypto.") || m.startsWith("com.sun.crypto.")) return "Crypto (security)";
        if (m.startsWith("io.herald.")) return "Herald code (inclusive)";
        return null;
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println("| " + title + " | samples | % |");
        System.out.println("|---|---:|---:|");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "| `%s` | %d | %.1f |%n", e.getKey(), e.getValue(),
                        total == 0 ? 0.0 : 100.0 * e.getValue() / total));
        System.out.println();
    }
}
