package io.herald.domain.model.notification;

import io.herald.domain.model.batch.BatchRecipient;
import io.herald.domain.model.batch.BatchRequest;
import io.herald.domain.model.batch.RejectedRecipient;
import io.herald.domain.model.template.Template;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a batch request: the envelope (template, language, category, shared variables,
 * {@code send_at}, callback, metadata, priority) and up to {@value #MAX_RECIPIENTS} recipients.
 *
 * <p>The envelope is checked with exactly the rules of a single notification (it is parsed as
 * one, {@link EmailRequestParser}); a bad envelope rejects the whole batch. Each recipient is
 * checked on its own with the same field rules ({@code to}, {@code user_id}, {@code request_id},
 * its variables merged over the shared ones): a bad recipient is reported by its index and the
 * others are still accepted. Only a batch with no valid recipient is refused as a whole.
 */
public final class BatchRequestParser {

    public static final int MAX_RECIPIENTS = 100_000;
    /** Bulk mail yields to transactional mail where they share a queue (retries): JMS priority 2. */
    public static final int DEFAULT_PRIORITY = 3;

    private static final Set<String> ENVELOPE_FIELDS = Set.of("template_code", "language", "category", "send_at",
            "variables", "recipients", "callback_url", "metadata", "priority");
    private static final Set<String> RECIPIENT_FIELDS = Set.of("to", "user_id", "variables", "request_id");

    private static final JsonProvider JSON = JsonProvider.provider();

    private BatchRequestParser() {
    }

    /**
     * @param fingerprint what identifies this request for {@code Idempotency-Key} (a digest of the body)
     * @throws InvalidNotificationRequestException naming every bad envelope field, or when no recipient is valid
     */
    public static BatchRequest parse(JsonObject body, String correlationHeader, String fingerprint, Instant now,
                                     Duration sendAtHorizon) {
        List<FieldError> errors = new ArrayList<>();
        for (String field : body.keySet()) {
            if (!ENVELOPE_FIELDS.contains(field)) {
                errors.add(new FieldError(field, "is not a batch field; use " + String.join(", ", new java.util.TreeSet<>(ENVELOPE_FIELDS))));
            }
        }
        EmailRequest envelope = envelope(body, correlationHeader, now, sendAtHorizon, errors);

        String category = EmailRequestParser.string(body, "category", errors);
        if (category != null && !Template.CATEGORY.matcher(category).matches()) {
            errors.add(new FieldError("category", "must be 1..64 lower-case letters, digits, _ and -, starting with a letter or digit"));
        }

        JsonValue list = EmailRequestParser.present(body, "recipients");
        JsonArray recipients = null;
        if (list == null) {
            errors.add(new FieldError("recipients", "is required: a list of 1.." + MAX_RECIPIENTS + " recipients"));
        } else if (!(list instanceof JsonArray array)) {
            errors.add(new FieldError("recipients", "must be a JSON array"));
        } else if (array.isEmpty() || array.size() > MAX_RECIPIENTS) {
            errors.add(new FieldError("recipients", "must hold 1.." + MAX_RECIPIENTS + " recipients (it holds " + array.size() + ")"));
        } else {
            recipients = array;
        }
        if (!errors.isEmpty()) {
            throw new InvalidNotificationRequestException(errors);
        }

        JsonObject shared = EmailRequestParser.object(body, "variables", new ArrayList<>());
        List<BatchRecipient> valid = new ArrayList<>(recipients.size());
        List<RejectedRecipient> rejected = new ArrayList<>();
        Set<String> requestIds = new HashSet<>();
        for (int i = 0; i < recipients.size(); i++) {
            List<FieldError> problems = new ArrayList<>(2);
            BatchRecipient recipient = recipient(i, recipients.get(i), shared, envelope.variablesJson(), problems);
            if (recipient != null && recipient.requestId() != null && !requestIds.add(recipient.requestId())) {
                problems.add(new FieldError("request_id", "is used by an earlier recipient of this batch"));
            }
            if (problems.isEmpty()) {
                valid.add(recipient);
            } else {
                rejected.add(new RejectedRecipient(i, problems));
            }
        }
        if (valid.isEmpty()) {
            throw new InvalidNotificationRequestException(List.of(new FieldError("recipients",
                    "none of the " + recipients.size() + " recipients is valid; see rejected")), rejected);
        }
        int priority = EmailRequestParser.present(body, "priority") == null ? DEFAULT_PRIORITY : envelope.priority();
        return new BatchRequest(envelope.templateCode(), envelope.language(), category, priority, envelope.sendAt(),
                envelope.variablesJson(), envelope.metadataJson(), envelope.callbackUrl(), envelope.correlationId(),
                fingerprint, valid, rejected, recipients.size());
    }

    /** The envelope checked as the single notification it describes, with a stand-in recipient. */
    private static EmailRequest envelope(JsonObject body, String correlationHeader, Instant now, Duration horizon,
                                         List<FieldError> errors) {
        JsonObjectBuilder single = JSON.createObjectBuilder()
                .add("notification_type", "email")
                .add("request_id", "batch")
                .add("user_id", "batch");
        for (Map.Entry<String, JsonValue> field : body.entrySet()) {
            if (ENVELOPE_FIELDS.contains(field.getKey()) && !field.getKey().equals("recipients") && !field.getKey().equals("category")) {
                single.add(field.getKey(), field.getValue());
            }
        }
        try {
            return EmailRequestParser.parse(single.build(), null, correlationHeader, now, horizon);
        } catch (InvalidNotificationRequestException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private static BatchRecipient recipient(int index, JsonValue value, JsonObject shared, String sharedJson,
                                            List<FieldError> problems) {
        if (!(value instanceof JsonObject r)) {
            problems.add(new FieldError("recipient", "must be a JSON object"));
            return null;
        }
        for (String field : r.keySet()) {
            if (!RECIPIENT_FIELDS.contains(field)) {
                problems.add(new FieldError(field, "is not a recipient field; use to, user_id, variables or request_id"));
            }
        }
        String to = EmailRequestParser.string(r, "to", problems);
        EmailRequestParser.checkAddress(to, "to", problems);
        String userId = EmailRequestParser.string(r, "user_id", problems);
        EmailRequestParser.checkUserId(userId, "user_id", problems);
        if (to == null && userId == null && problems.isEmpty()) {
            problems.add(new FieldError("to", "is required when user_id is absent"));
        }
        String requestId = EmailRequestParser.string(r, "request_id", problems);
        EmailRequestParser.checkRequestId(requestId, "request_id", problems);
        JsonObject own = EmailRequestParser.object(r, "variables", problems);
        String variablesJson = sharedJson;
        if (own != null && !own.isEmpty()) {
            JsonObjectBuilder merged = shared == null ? JSON.createObjectBuilder() : JSON.createObjectBuilder(shared);
            own.forEach(merged::add);
            JsonObject all = merged.build();
            variablesJson = CanonicalJson.write(all);
            EmailRequestParser.checkVariables(all.size(), variablesJson, "variables", problems);
        }
        return problems.isEmpty() ? new BatchRecipient(index, requestId, userId, to, variablesJson) : null;
    }
}
