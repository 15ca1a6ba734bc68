package io.herald.application;

import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs retention ({@link RetentionService#runRetention}) every
 * {@code herald.retention.interval-minutes} (default 60; 0 turns the schedule off, the admin
 * endpoint still works), first 5 minutes after start (or after one interval, if shorter).
 *
 * <p>The timer is not persistent: it needs no EJB timer database, and every instance of a
 * cluster runs its own. That is safe: batches lock their rows with {@code SKIP LOCKED}, so
 * concurrent runs share the work instead of repeating or waiting for it.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class RetentionJob {

    private static final Log LOG = Log.of(RetentionJob.class);
    static final long FIRST_RUN_DELAY_MINUTES = 5;

    @EJB
    private RetentionService retention;

    @Resource
    private TimerService timers;

    @Inject
    @ConfigProperty(name = "herald.retention.interval-minutes", defaultValue = "60")
    private long intervalMinutes;

    @PostConstruct
    void schedule() {
        if (intervalMinutes <= 0) {
            LOG.info(() -> "retention: scheduled runs are off (herald.retention.interval-minutes=" + intervalMinutes + ")");
            return;
        }
        Optional<String> problem = retention.configurationProblem();
        if (problem.isPresent()) {
            LOG.warning("retention: scheduled runs are off, the configuration is invalid: " + problem.get());
            return;
        }
        long intervalMs = intervalMinutes * 60_000;
        long firstMs = Math.min(intervalMs, FIRST_RUN_DELAY_MINUTES * 60_000);
        try {
            timers.createIntervalTimer(firstMs, intervalMs, new TimerConfig("herald-retention", false));
        } catch (RuntimeException e) {
            // never fail the deployment over it: the admin endpoint still runs retention
            LOG.warning("retention: scheduled runs are unavailable, the timer service refused the timer ("
                    + Log.causeClasses(e) + "); use POST /api/v1/admin/retention/run");
            return;
        }
        LOG.info(() -> "retention: personal data of finished notifications is kept " + retention.policy().days()
                + " day(s); redaction runs every " + intervalMinutes + " minute(s)");
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void run() {
        try {
            retention.runRetention();
        } catch (RuntimeException e) {
            // the next run tries again; name only the exception classes: SQL messages may quote rows
            LOG.log(Level.WARNING, () -> "retention run failed (" + Log.causeClasses(e) + "); the next run in "
                    + intervalMinutes + " minute(s) tries again");
        }
    }

}
