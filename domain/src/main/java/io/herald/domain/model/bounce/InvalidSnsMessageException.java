package io.herald.domain.model.bounce;

/** An SNS message that is malformed: a field its signature covers is missing or of the wrong type. */
public class InvalidSnsMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSnsMessageException(String message) {
        super(message, null, false, false);
    }
}
