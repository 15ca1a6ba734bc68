package io.herald.domain.model.bounce;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A message Amazon SNS POSTs to an HTTPS subscription, and the check of its signature.
 *
 * <p>SNS signs a canonical string: the message's fields, each as {@code name\nvalue\n}, in byte
 * order of their names; a {@code Notification} uses {@code Message, MessageId, Subject} (only
 * when present), {@code Timestamp, TopicArn, Type}; a {@code SubscriptionConfirmation} or
 * {@code UnsubscribeConfirmation} uses {@code Message, MessageId, SubscribeURL, Timestamp,
 * Token, TopicArn, Type}. {@code SignatureVersion 1} is SHA1withRSA, {@code 2} SHA256withRSA,
 * with the key of the X.509 certificate at {@code SigningCertURL}
 * ({@link SigningCertificatePolicy} says which URLs may be fetched).
 */
public final class SnsMessage {

    /** What SNS sends. */
    public enum Type { NOTIFICATION, SUBSCRIPTION_CONFIRMATION, UNSUBSCRIBE_CONFIRMATION }

    private final Type type;
    private final String typeName;
    private final String messageId;
    private final String topicArn;
    private final String subject;
    private final String message;
    private final String timestamp;
    private final String token;
    private final String subscribeUrl;
    private final String signatureVersion;
    private final byte[] signature;
    private final String signingCertUrl;

    private SnsMessage(JsonObject json) {
        typeName = required(json, "Type");
        type = switch (typeName) {
            case "Notification" -> Type.NOTIFICATION;
            case "SubscriptionConfirmation" -> Type.SUBSCRIPTION_CONFIRMATION;
            case "UnsubscribeConfirmation" -> Type.UNSUBSCRIBE_CONFIRMATION;
            default -> throw new InvalidSnsMessageException("Type must be Notification, SubscriptionConfirmation or UnsubscribeConfirmation");
        };
        messageId = required(json, "MessageId");
        topicArn = required(json, "TopicArn");
        message = required(json, "Message");
        timestamp = required(json, "Timestamp");
        subject = type == Type.NOTIFICATION ? optional(json, "Subject") : null;
        token = type == Type.NOTIFICATION ? null : required(json, "Token");
        subscribeUrl = type == Type.NOTIFICATION ? null : required(json, "SubscribeURL");
        signatureVersion = required(json, "SignatureVersion");
        if (!signatureVersion.equals("1") && !signatureVersion.equals("2")) {
            throw new InvalidSnsMessageException("SignatureVersion must be 1 or 2");
        }
        try {
            signature = Base64.getDecoder().decode(required(json, "Signature").replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidSnsMessageException("Signature must be base64");
        }
        signingCertUrl = required(json, "SigningCertURL");
    }

    /**
     * @throws InvalidSnsMessageException when a field the signature covers, or the signature
     *                                    itself, is missing or malformed
     */
    public static SnsMessage parse(JsonObject json) {
        return new SnsMessage(json);
    }

    /** The string SNS signed (see the class comment). */
    public String canonicalString() {
        StringBuilder out = new StringBuilder(message.length() + 512);
        field(out, "Message", message);
        field(out, "MessageId", messageId);
        if (type == Type.NOTIFICATION) {
            if (subject != null) {
                field(out, "Subject", subject);
            }
        } else {
            field(out, "SubscribeURL", subscribeUrl);
        }
        field(out, "Timestamp", timestamp);
        if (type != Type.NOTIFICATION) {
            field(out, "Token", token);
        }
        field(out, "TopicArn", topicArn);
        field(out, "Type", typeName);
        return out.toString();
    }

    /** The JCA name of the signature algorithm its {@code SignatureVersion} names. */
    public String signatureAlgorithm() {
        return signatureVersion.equals("1") ? "SHA1withRSA" : "SHA256withRSA";
    }

    /** Whether the signature is the signing certificate's key's signature of {@link #canonicalString()}. */
    public boolean isSignedBy(PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(signatureAlgorithm());
            verifier.initVerify(key);
            verifier.update(canonicalString().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another type, a malformed signature: not signed by it
        }
    }

    public Type type() { return type; }
    public String messageId() { return messageId; }
    public String topicArn() { return topicArn; }
    public String message() { return message; }
    public String signingCertUrl() { return signingCertUrl; }
    public String subscribeUrl() { return subscribeUrl; }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name).append('\n').append(value).append('\n');
    }

    private static String required(JsonObject json, String name) {
        String value = optional(json, name);
        if (value == null) {
            throw new InvalidSnsMessageException(name + " is required and must be a string");
        }
        return value;
    }

    private static String optional(JsonObject json, String name) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new InvalidSnsMessageException(name + " must be a string");
    }
}
