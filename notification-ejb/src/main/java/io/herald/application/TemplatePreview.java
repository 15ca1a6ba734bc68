package io.herald.application;

import io.herald.domain.model.template.Template;

/**
 * A template version applied to a caller's variables, nothing sent or stored: {@code email} for
 * an email template, {@code push} for a push template, the other null. Never logged.
 */
public record TemplatePreview(Template template, RenderedEmail email, RenderedPush push) {

    @Override
    public String toString() {
        return "TemplatePreview[" + template.getCode() + " v" + template.getVersion() + ", content withheld]";
    }
}
