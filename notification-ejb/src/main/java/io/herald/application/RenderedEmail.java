package io.herald.application;

/** Subject and body parts of an email after its template has been applied. Never logged. */
public record RenderedEmail(String subject, String html, String text) {

    @Override
    public String toString() {
        return "RenderedEmail[subject and body withheld]";
    }
}
