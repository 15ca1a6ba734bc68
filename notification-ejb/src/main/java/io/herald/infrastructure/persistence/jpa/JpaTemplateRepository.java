package io.herald.infrastructure.persistence.jpa;

import io.herald.domain.model.template.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Stores template versions. Runs in the caller's transaction. */
@ApplicationScoped
public class JpaTemplateRepository {

    @PersistenceContext(unitName = "notification")
    private EntityManager em;

    /** The newest active version of a template in a language. */
    public Optional<Template> latest(String code, String language) {
        return em.createNamedQuery(Template.LATEST, Template.class)
                .setParameter("code", code)
                .setParameter("language", language)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    public int maxVersion(String code, String language) {
        Integer max = em.createNamedQuery(Template.MAX_VERSION, Integer.class)
                .setParameter("code", code)
                .setParameter("language", language)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    public void add(Template template) {
        em.persist(template);
        em.flush();
    }
}
