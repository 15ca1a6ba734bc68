package io.herald.application;

import io.herald.domain.model.template.Template;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TemplateCatalog#lookup} found: the newest active version of a template (empty
 * when there is none), and whether it is a {@code fallback}: the template store could not be
 * read, so this is the last version the instance knew, possibly older than the store's newest.
 * A fallback always has a template.
 */
public record TemplateLookup(Optional<Template> template, boolean fallback) {

    public TemplateLookup {
        Objects.requireNonNull(template, "template");
        if (fallback && template.isEmpty()) {
            throw new IllegalArgumentException("a fallback has a template");
        }
    }

    /** As read from the store (or its cached copy). */
    public static TemplateLookup current(Optional<Template> template) {
        return new TemplateLookup(template, false);
    }

    /** The last known version, used because the store could not be read. */
    public static TemplateLookup fallback(Template template) {
        return new TemplateLookup(Optional.of(template), true);
    }
}
