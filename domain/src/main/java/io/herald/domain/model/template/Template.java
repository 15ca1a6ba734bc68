package io.herald.domain.model.template;

import io.herald.domain.model.delivery.Channel;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * One immutable version of a message template for one language. Publishing a change creates a
 * new version; notifications record the version they were rendered with.
 * Bodies use Handlebars syntax; variables are HTML-escaped in the HTML part.
 *
 * <p>An {@code email} template has a subject and an HTML and/or text body; a {@code push}
 * template has a title, a body, optional data (a JSON object of string values, each a template)
 * and an optional image URL template. The parts of the other channel are null.
 */
@Entity
@Table(name = "template")
@NamedQuery(name = Template.LATEST,
        query = "SELECT t FROM Template t WHERE t.code = :code AND t.language = :language AND t.active = true"
                + " ORDER BY t.version DESC")
@NamedQuery(name = Template.MAX_VERSION,
        query = "SELECT MAX(t.version) FROM Template t WHERE t.code = :code AND t.language = :language")
public class Template {

    /** A category's form: lower-case letters, digits, {@code _} and {@code -}, at most 64. */
    public static final java.util.regex.Pattern CATEGORY = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** The category of mail nobody can unsubscribe from (receipts, password resets): the default. */
    public static final String TRANSACTIONAL = "transactional";

    public static final String LATEST = "Template.latest";
    public static final String MAX_VERSION = "Template.maxVersion";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "code", nullable = false, updatable = false)
    private String code;

    @Column(name = "language", nullable = false, updatable = false)
    private String language;

    @Column(name = "version", nullable = false, updatable = false)
    private int version;

    @Column(name = "channel", nullable = false, updatable = false)
    private String channel;

    /** What kind of mail this is (suppressions by category); {@value #TRANSACTIONAL} unless published otherwise. */
    @Column(name = "category", nullable = false, updatable = false)
    private String category = TRANSACTIONAL;

    @Column(name = "subject", updatable = false)
    private String subject;

    @Column(name = "body_html", updatable = false)
    private String bodyHtml;

    @Column(name = "body_text", updatable = false)
    private String bodyText;

    @Column(name = "title", updatable = false)
    private String title;

    @Column(name = "body", updatable = false)
    private String body;

    /** JSON object text (jsonb column) of string values, each a template; push only. */
    @Column(name = "data", updatable = false)
    private String data;

    @Column(name = "image", updatable = false)
    private String image;

    @Column(name = "active", nullable = false)
    private boolean active;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    protected Template() {
        // for JPA
    }

    public Template(String code, String language, int version, String channel, String subject,
                    String bodyHtml, String bodyText, OffsetDateTime createdAt) {
        this.code = code;
        this.language = language;
        this.version = version;
        this.channel = channel;
        this.subject = subject;
        this.bodyHtml = bodyHtml;
        this.bodyText = bodyText;
        this.active = true;
        this.createdAt = createdAt;
    }

    /** A version of a push template (the email parts are null). */
    public static Template push(String code, String language, int version, String title, String body,
                                String dataJson, String image, OffsetDateTime createdAt) {
        Template t = new Template(code, language, version, Channel.PUSH.wireName(), null, null, null, createdAt);
        t.title = title;
        t.body = body;
        t.data = dataJson;
        t.image = image;
        return t;
    }

    public boolean isPush() {
        return Channel.PUSH.wireName().equals(channel);
    }

    public Long getId() { return id; }
    public String getCode() { return code; }
    public String getLanguage() { return language; }
    public int getVersion() { return version; }
    public String getChannel() { return channel; }
    public String getCategory() { return category; }

    /**
     * Sets the category of a version that is not stored yet (a stored version never changes).
     *
     * @return this version
     */
    public Template inCategory(String category) {
        if (id != null) {
            throw new IllegalStateException("a stored template version never changes");
        }
        this.category = category == null ? TRANSACTIONAL : category;
        return this;
    }
    public String getSubject() { return subject; }
    public String getBodyHtml() { return bodyHtml; }
    public String getBodyText() { return bodyText; }
    public String getTitle() { return title; }
    public String getBody() { return body; }
    /** JSON object text, or null. */
    public String getData() { return data; }
    public String getImage() { return image; }
    public boolean isActive() { return active; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
}
