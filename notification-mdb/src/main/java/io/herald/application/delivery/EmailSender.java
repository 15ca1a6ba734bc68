package io.herald.application.delivery;

import io.herald.application.OutgoingEmail;
import java.util.ArrayList;
import java.util.List;

/** The email channel's sender (SMTP in infrastructure.mail). */
public interface EmailSender extends ChannelSender<OutgoingEmail> {

    /**
     * Sends several emails, one outcome each, in order: a chunk of a batch. An implementation
     * may send them over one connection; this default sends them one by one.
     */
    default List<TimedOutcome> sendAll(List<OutgoingEmail> emails) {
        List<TimedOutcome> outcomes = new ArrayList<>(emails.size());
        for (OutgoingEmail email : emails) {
            long started = System.nanoTime();
            outcomes.add(new TimedOutcome(send(email), (System.nanoTime() - started) / 1_000_000));
        }
        return outcomes;
    }
}
