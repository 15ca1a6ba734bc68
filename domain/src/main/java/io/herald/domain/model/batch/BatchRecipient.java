package io.herald.domain.model.batch;

/**
 * One valid recipient of a batch: its position in the request, its own {@code request_id} (or
 * null: one is made up from the batch id and the index), an address and / or a user id, and the
 * variables its mail is rendered with (its own merged over the batch's shared ones, canonical
 * JSON). Contains PII: never log it.
 */
public record BatchRecipient(int index, String requestId, String userId, String to, String variablesJson) {

    @Override
    public String toString() {
        return "BatchRecipient[index=" + index + "]";
    }
}
