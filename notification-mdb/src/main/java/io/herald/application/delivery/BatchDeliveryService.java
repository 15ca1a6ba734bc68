package io.herald.application.delivery;

import io.herald.application.AttemptStart;
import io.herald.application.BatchChunk;
import io.herald.application.DeliveryCommand;
import io.herald.application.DeliveryTracker;
import io.herald.application.OutgoingEmail;
import io.herald.domain.model.delivery.Channel;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Delivers a chunk of a batch; runs in the consumer's XA transaction. Starts the attempts of
 * the whole chunk in one transaction of their own (counted, PROCESSING, committed before
 * anything is sent), sends the emails that are ready over one SMTP connection
 * ({@link EmailSender#sendAll}), then records every outcome with the same {@link DeliveryOutcomes}
 * as a single notification, in the consumer's transaction and in one call for the chunk
 * ({@link DeliveryOutcomes#applyAll}). A member that must be tried again
 * gets its own delayed message on the email queue, so it never holds back the rest.
 *
 * <p>A crash between sending and the commit of the outcomes redelivers the chunk: members
 * already recorded are skipped, the others (at most the chunk) are sent again (ADR 0014).
 */
@Stateless
public class BatchDeliveryService {

    @EJB
    private DeliveryTracker tracker;

    @EJB
    private DeliveryOutcomes outcomes;

    @Inject
    private EmailSender sender;

    @Inject
    private MetricRegistry metrics;

    public void deliver(BatchChunk chunk) {
        List<AttemptStart> starts = Attempts.startChunk(tracker, chunk);
        List<OutgoingEmail> ready = new ArrayList<>(starts.size());
        for (AttemptStart start : starts) {
            if (start.kind() == AttemptStart.Kind.READY) {
                ready.add(start.email());
            } else if (start.kind() == AttemptStart.Kind.FINISHED_BEFORE_SEND) {
                metrics.counter("notifications." + start.status().name().toLowerCase(Locale.ROOT),
                        new Tag("channel", Channel.EMAIL.wireName())).inc();
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        List<TimedOutcome> sent = sender.sendAll(ready);
        tracker.preload(ready.stream().map(OutgoingEmail::notificationId).toList());
        List<DeliveryOutcomes.AttemptResult> results = new ArrayList<>(ready.size());
        for (int i = 0; i < ready.size(); i++) {
            OutgoingEmail email = ready.get(i);
            TimedOutcome result = sent.get(i);
            DeliveryCommand command = new DeliveryCommand(email.notificationId(), DeliveryCommand.EMAIL, chunk.correlationId());
            results.add(new DeliveryOutcomes.AttemptResult(
                    new DeliveryAttempt(Channel.EMAIL, command, email.attempt(), email.jmsPriority(), email.templateVersion()),
                    result.outcome(), result.reached() ? result.durationMs() : null));
        }
        outcomes.applyAll(results, sender.breakerDelay());
    }
}
