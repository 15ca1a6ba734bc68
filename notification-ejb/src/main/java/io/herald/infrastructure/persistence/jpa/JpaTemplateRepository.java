package io.herald.infrastructure.persistence.jpa;

import io.herald.application.TemplateRepository;
import io.herald.domain.model.template.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/**
 * Stores template versions. Runs in the caller's transaction, or without one ({@link
 * io.herald.application.TemplateCatalog} reads outside any transaction): reads use
 * {@code getResultList}, which the container's non-transactional entity manager closes
 * after the query.
 */
@ApplicationScoped
public class JpaTemplateRepository implements TemplateRepository {

    @PersistenceContext(unitName = "notification")
    private EntityManager em;

    @Override
    public Optional<Template> latest(String code, String language) {
        return em.createNamedQuery(Template.LATEST, Template.class)
                .setParameter("code", code)
                .setParameter("language", language)
                .setMaxResults(1)
                .getResultList()
                .stream()
                .findFirst();
    }

    @Override
    public int maxVersion(String code, String language) {
        Integer max = em.createNamedQuery(Template.MAX_VERSION, Integer.class)
                .setParameter("code", code)
                .setParameter("language", language)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    @Override
    public void add(Template template) {
        em.persist(template);
        em.flush();
    }
}
