package io.herald.it;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plain JMS client of the test server's embedded OpenMQ broker (over TCP, with the broker's
 * own client library from the Payara install), used to inject poison and inspect queues.
 */
final class Broker {

    private Broker() {
    }

    static ConnectionFactory connectionFactory() {
        return connectionFactory(ItEnvironment.JMS_PORT);
    }

    /** A client of the broker at this port of 127.0.0.1 (the test cluster's own broker). */
    static ConnectionFactory connectionFactory(int port) {
        try {
            Object cf = Class.forName("com.sun.messaging.ConnectionFactory").getDeclaredConstructor().newInstance();
            cf.getClass().getMethod("setProperty", String.class, String.class)
                    .invoke(cf, "imqAddressList", "mq://127.0.0.1:" + port);
            return (ConnectionFactory) cf;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("OpenMQ client (imq.jar) not on the test classpath", e);
        }
    }

    static void sendText(String physicalQueue, String text) {
        sendText(ItEnvironment.JMS_PORT, physicalQueue, text);
    }

    static void sendText(int brokerPort, String physicalQueue, String text) {
        try (JMSContext jms = connectionFactory(brokerPort).createContext("admin", "admin")) {
            jms.createProducer().send(jms.createQueue(physicalQueue), text);
        }
    }

    /** Sends a text message carrying one string property, so that a selector can find it again. */
    static void sendText(String physicalQueue, String text, String property, String value) {
        try (JMSContext jms = connectionFactory().createContext("admin", "admin")) {
            jms.createProducer().setProperty(property, value).send(jms.createQueue(physicalQueue), text);
        }
    }

    /**
     * Consumes up to {@code max} messages matching the selector, waiting at most
     * {@code timeoutMillis} for each; returns how many it took.
     */
    static int take(String physicalQueue, String selector, int max, long timeoutMillis) {
        try (JMSContext jms = connectionFactory().createContext("admin", "admin");
             JMSConsumer consumer = jms.createConsumer(jms.createQueue(physicalQueue), selector)) {
            int taken = 0;
            while (taken < max && consumer.receive(timeoutMillis) != null) {
                taken++;
            }
            return taken;
        }
    }

    /** Messages currently on a queue (a non-destructive browse). */
    static List<Message> browse(String physicalQueue) {
        try (JMSContext jms = connectionFactory().createContext("admin", "admin");
             QueueBrowser browser = jms.createBrowser(jms.createQueue(physicalQueue))) {
            List<Message> messages = new ArrayList<>();
            for (Object m : Collections.list(browser.getEnumeration())) {
                messages.add((Message) m);
            }
            return messages;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(Message m) {
        try {
            return m.getBody(String.class);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A long property, or null when the message has none. */
    static Long longProperty(Message m, String name) {
        try {
            return m.propertyExists(name) ? m.getLongProperty(name) : null;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    static String property(Message m, String name) {
        try {
            return m.getStringProperty(name);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
