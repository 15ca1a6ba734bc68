package io.herald.application;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.template.Template;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes and reads templates. Publishing never changes an existing version: it adds the
 * next version for that code and language, which becomes the one new notifications use. A code
 * and language keep the channel of their first version.
 *
 * <p>Reads go through the {@link TemplateCatalog} (memory, refreshed after a TTL) and need no
 * transaction; a publish fires {@link TemplatePublished}, which the catalog observes once the
 * transaction has committed.
 */
@Stateless
public class TemplateService {

    @Inject
    private TemplateRepository templates;

    @Inject
    private TemplateRenderer renderer;

    @Inject
    private TemplateCatalog catalog;

    @Inject
    private Event<TemplatePublished> published;

    /** For the container. */
    public TemplateService() {
    }

    /** For tests. */
    TemplateService(TemplateRepository templates, TemplateRenderer renderer, TemplateCatalog catalog,
                    Event<TemplatePublished> published) {
        this.templates = templates;
        this.renderer = renderer;
        this.catalog = catalog;
        this.published = published;
    }

    /**
     * Publishes the next version of an email template.
     *
     * @throws TemplateRenderingException when a part does not compile
     * @throws TemplateChannelConflictException when the current version is a push template
     */
    public Template publish(String code, String language, String channel, String subject, String bodyHtml, String bodyText) {
        return publish(code, language, channel, subject, bodyHtml, bodyText, null);
    }

    /** As {@link #publish(String, String, String, String, String, String)}, in a category (null: transactional). */
    public Template publish(String code, String language, String channel, String subject, String bodyHtml, String bodyText,
                            String category) {
        int version = nextVersion(code, language, Channel.EMAIL.wireName());
        return store(new Template(code, language, version, channel, subject, bodyHtml, bodyText, now()).inCategory(category));
    }

    /**
     * Publishes the next version of a push template; {@code data} (may be null) maps keys to
     * value templates, in the order given.
     *
     * @throws TemplateRenderingException when a part does not compile
     * @throws TemplateChannelConflictException when the current version is an email template
     */
    public Template publishPush(String code, String language, String title, String body, Map<String, String> data,
                                String image, String category) {
        int version = nextVersion(code, language, Channel.PUSH.wireName());
        String dataJson = null;
        if (data != null && !data.isEmpty()) {
            JsonObjectBuilder b = JSON.createObjectBuilder();
            data.forEach(b::add);
            dataJson = b.build().toString();
        }
        return store(Template.push(code, language, version, title, body, dataJson, image, now()).inCategory(category));
    }

    /**
     * The newest active version of a template in a language, from the catalog: when the store
     * cannot be read, the last version this instance knew.
     *
     * @throws TemplateStoreUnavailableException when the store cannot be read and no version
     *         was known
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Template> latest(String code, String language) {
        return catalog.lookup(code, language).template();
    }

    /**
     * Applies the newest version of a template to {@code variablesJson} (a JSON object) as
     * delivery would, without sending or storing anything. Empty when there is no such template.
     *
     * @throws TemplateRenderingException when the template cannot be applied (never quoting the
     *         variables)
     * @throws TemplateStoreUnavailableException when the store cannot be read and no version
     *         was known
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<TemplatePreview> preview(String code, String language, String variablesJson) {
        return latest(code, language).map(t -> t.isPush()
                ? new TemplatePreview(t, null, renderer.renderPush(t, variablesJson))
                : new TemplatePreview(t, renderer.render(t, variablesJson), null));
    }

    private int nextVersion(String code, String language, String channel) {
        templates.latest(code, language).filter(t -> !t.getChannel().equals(channel)).ifPresent(t -> {
            throw new TemplateChannelConflictException(code, language, t.getChannel(), channel);
        });
        return templates.maxVersion(code, language) + 1;
    }

    private Template store(Template template) {
        renderer.validate(template);
        templates.add(template);
        published.fire(new TemplatePublished(template.getCode(), template.getLanguage(), template.getVersion()));
        return template;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
