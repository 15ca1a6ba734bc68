package io.herald.application;

import io.herald.domain.model.template.Template;
import io.herald.infrastructure.persistence.jpa.JpaTemplateRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Publishes and reads templates. Publishing never changes an existing version: it adds the
 * next version for that code and language, which becomes the one new notifications use.
 */
@Stateless
public class TemplateService {

    @Inject
    private JpaTemplateRepository templates;

    @Inject
    private TemplateRenderer renderer;

    /** @throws TemplateRenderingException when a part does not compile */
    public Template publish(String code, String language, String channel, String subject, String bodyHtml, String bodyText) {
        renderer.validate(subject, bodyHtml, bodyText);
        int version = templates.maxVersion(code, language) + 1;
        Template template = new Template(code, language, version, channel, subject, bodyHtml, bodyText,
                OffsetDateTime.now(ZoneOffset.UTC));
        templates.add(template);
        return template;
    }

    public Optional<Template> latest(String code, String language) {
        return templates.latest(code, language);
    }
}
