package io.herald.application;

import io.herald.domain.model.template.Template;
import java.util.Optional;

/**
 * Where template versions are stored. Implementations run in the caller's transaction (if it
 * has one); a failure of the store surfaces as a runtime exception, typically a
 * {@link jakarta.persistence.PersistenceException}.
 */
public interface TemplateRepository {

    /** The newest active version of a template in a language. */
    Optional<Template> latest(String code, String language);

    /** The highest version number of a template in a language, active or not; 0 if none. */
    int maxVersion(String code, String language);

    /** Stores a new version (written at once, so a duplicate version fails here). */
    void add(Template template);
}
