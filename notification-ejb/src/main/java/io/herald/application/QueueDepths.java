package io.herald.application;

import io.herald.infrastructure.messaging.jms.JmsDestinations;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the messages waiting on each queue by browsing it, up to a cap so that a huge backlog
 * cannot make the count itself expensive. Messages held back by a delivery delay (scheduled
 * retries) are not visible to a browser and are not counted.
 */
@Stateless
public class QueueDepths {

    /** Counting stops here; a depth equal to the cap means "at least". */
    public static final int CAP = 100_000;

    @Inject
    @JMSConnectionFactory(JmsDestinations.CONNECTION_FACTORY)
    private JMSContext jms;

    @Resource(lookup = JmsDestinations.EMAIL_QUEUE)
    private Queue email;

    @Resource(lookup = JmsDestinations.PUSH_QUEUE)
    private Queue push;

    @Resource(lookup = JmsDestinations.BATCH_QUEUE)
    private Queue batch;

    @Resource(lookup = JmsDestinations.DEAD_LETTER_QUEUE)
    private Queue deadLetter;

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Map<String, Integer> depths() {
        Map<String, Integer> depths = new LinkedHashMap<>();
        depths.put("email", count(email));
        depths.put("push", count(push));
        depths.put("batch_chunks", count(batch));
        depths.put("dead_letter", count(deadLetter));
        return depths;
    }

    private int count(Queue queue) {
        try (QueueBrowser browser = jms.createBrowser(queue)) {
            int n = 0;
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && n < CAP; e.nextElement()) {
                n++;
            }
            return n;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse " + queue, e);
        }
    }
}
