package io.herald.it;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The test cluster: {@code server-config/bin/cluster.sh} with ports, a database and a data grid of
 * its own (so it never meets the single test domain or the run cluster): two Payara domains on one
 * external OpenMQ broker and one PostgreSQL database, behind HAProxy. Its output goes to
 * {@code target/cluster-it/cluster.log}.
 */
final class Cluster {

    static final int PORTBASE = Integer.getInteger("it.cluster.portbase", 32000);
    static final String NAME = "herald-it";
    static final int INSTANCES = 2;
    static final int BALANCER_PORT = PORTBASE + 80;
    static final int BROKER_PORT = PORTBASE + 76;
    static final int SMTP_PORT = PORTBASE + 25;
    static final String DB_NAME = "notification_cluster_test";
    static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/" + DB_NAME;
    static final String BALANCER = "http://127.0.0.1:" + BALANCER_PORT;

    private static final File SCRIPT = new File("../server-config/bin/cluster.sh").getAbsoluteFile();
    private static final File LOG = new File("target/cluster-it/cluster.log").getAbsoluteFile();

    private Cluster() {
    }

    /** Instance i (1-based), directly, not through the balancer. */
    static String instance(int i) {
        return "http://127.0.0.1:" + (PORTBASE + 100 * i + 80);
    }

    static void up() {
        run(Duration.ofMinutes(20), "up", String.valueOf(INSTANCES), "--fresh");
    }

    static void down() {
        run(Duration.ofMinutes(5), "down");
    }

    static void kill(int i) {
        run(Duration.ofMinutes(1), "kill", String.valueOf(i));
    }

    static void start(int i) {
        run(Duration.ofMinutes(10), "start", String.valueOf(i));
    }

    static void stopBroker() {
        run(Duration.ofMinutes(2), "broker-stop");
    }

    static void startBroker() {
        run(Duration.ofMinutes(3), "broker-start");
    }

    private static void run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.getPath()));
        command.addAll(List.of(args));
        LOG.getParentFile().mkdirs();
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG));
        Map<String, String> env = pb.environment();
        env.put("PAYARA_HOME", System.getProperty("payara.home"));
        env.put("CLUSTER_NAME", NAME);
        env.put("CLUSTER_PORTBASE", String.valueOf(PORTBASE));
        env.put("BROKER_PORT", String.valueOf(BROKER_PORT));
        env.put("LB_PORT", String.valueOf(BALANCER_PORT));
        env.put("DATAGRID_PORTBASE", "5930"); // 5931, 5932: clear of the run cluster's 5911.. and the defaults 4900/5900
        env.put("DB_NAME", DB_NAME);
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(SMTP_PORT));
        env.put("SMTP_USER", "");
        env.put("SMTP_PASSWORD", "");
        // the same admin key as the single test domain, and the short backoff of the test suites
        env.put("EXTRA_JVM_OPTIONS", "-Dherald.bootstrap.admin-key=" + ItEnvironment.ADMIN_KEY
                + "\n-Dherald.delivery.backoff-base-ms=500");
        try {
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cluster.sh " + String.join(" ", args) + " did not finish within " + timeout + "; see " + LOG);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("cluster.sh " + String.join(" ", args) + " failed (" + p.exitValue() + "); see " + LOG);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + SCRIPT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running cluster.sh", e);
        }
    }
}
