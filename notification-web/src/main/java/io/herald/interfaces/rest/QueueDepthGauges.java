package io.herald.interfaces.rest;

import io.herald.application.QueueDepths;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes queue depths as the gauge {@code notifications_queue_depth{queue=...}}. Depths are
 * browsed at most every five seconds however often the metrics are scraped.
 */
@ApplicationScoped
public class QueueDepthGauges {

    private static final long TTL_MS = 5000;

    @EJB
    private QueueDepths queues;

    @Inject
    private MetricRegistry metrics;

    private volatile Map<String, Integer> snapshot = Map.of();
    private volatile long takenAt;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (String queue : new String[] {"email", "push", "batch_chunks", "dead_letter"}) {
            metrics.gauge("notifications.queue.depth", () -> depth(queue), new Tag("queue", queue));
        }
    }

    private int depth(String queue) {
        long now = System.currentTimeMillis();
        if (now - takenAt > TTL_MS) {
            try {
                snapshot = queues.depths();
            } catch (RuntimeException e) {
                return -1;
            }
            takenAt = now;
        }
        return snapshot.getOrDefault(queue, -1);
    }
}
