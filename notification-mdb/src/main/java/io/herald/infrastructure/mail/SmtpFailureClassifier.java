package io.herald.infrastructure.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts Jakarta Mail failures into transient and permanent ones using only the Jakarta Mail API
 * and the SMTP reply text (which starts with the reply code). Connection-level failures and 421
 * mean the server is unavailable ({@link SmtpUnavailableException}); other 4xx and unknown
 * failures are transient and bounded by the attempt limit; 5xx, authentication and address
 * errors are permanent. Reply texts quote addresses, so they are redacted here, before
 * they can reach a log line, the database or the status API.
 */
public final class SmtpFailureClassifier {

    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([2-5]\\d\\d)[\\s-]");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'@,;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+");

    private SmtpFailureClassifier() {
    }

    public static DeliveryFailureException classify(Exception failure) {
        int code = replyCode(failure);
        String text = describe(failure, code);
        if (code >= 500) {
            return new PermanentDeliveryException(text, code);
        }
        if (code == 421) {
            return new SmtpUnavailableException(text, code);
        }
        if (code >= 400) {
            return new TransientDeliveryException(text, code);
        }
        if (failure instanceof AuthenticationFailedException) {
            return new PermanentDeliveryException("SMTP authentication failed", 0);
        }
        if (failure instanceof AddressException) {
            return new PermanentDeliveryException("invalid recipient address", 0);
        }
        if (failure instanceof SendFailedException sfe && sfe.getInvalidAddresses() != null
                && sfe.getInvalidAddresses().length > 0 && !hasCause(failure, IOException.class)) {
            return new PermanentDeliveryException(text, code);
        }
        if (hasCause(failure, IOException.class)) {
            return new SmtpUnavailableException(text, code);
        }
        return new TransientDeliveryException(text, code);
    }

    /** The first SMTP reply code found in the exception chain, or 0. */
    static int replyCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            String message = t.getMessage();
            if (message != null) {
                Matcher m = REPLY_CODE.matcher(message);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        return 0;
    }

    private static String describe(Throwable failure, int code) {
        for (Throwable t = failure; t != null; t = next(t)) {
            String message = t.getMessage();
            if (code > 0 && message != null && REPLY_CODE.matcher(message).find()) {
                return redact(firstLine(message));
            }
        }
        Throwable root = failure;
        while (next(root) != null) {
            root = next(root);
        }
        String message = root.getMessage() == null ? "" : ": " + redact(firstLine(root.getMessage()));
        return root.getClass().getSimpleName() + message;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException me && me.getNextException() != null && me.getNextException() != t) {
            return me.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Replaces anything that looks like an email address with {@code <redacted>}. */
    public static String redact(String text) {
        return text == null ? null : ADDRESS.matcher(text).replaceAll("<redacted>");
    }
}
