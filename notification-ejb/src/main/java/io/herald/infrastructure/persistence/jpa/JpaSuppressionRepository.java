package io.herald.infrastructure.persistence.jpa;

import io.herald.application.SuppressionRepository;
import io.herald.domain.model.suppression.Suppression;
import io.herald.domain.model.suppression.SuppressionReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;

/** The suppression list in PostgreSQL ({@code suppression}, V12). */
@ApplicationScoped
public class JpaSuppressionRepository implements SuppressionRepository {

    @PersistenceContext(unitName = "notification")
    private EntityManager em;

    @Override
    public List<Suppression> forAddress(String address) {
        return em.createNamedQuery(Suppression.FOR_ADDRESS, Suppression.class).setParameter("address", address).getResultList();
    }

    @Override
    public List<Suppression> forAddresses(java.util.Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT s FROM Suppression s WHERE s.address IN :addresses", Suppression.class)
                .setParameter("addresses", List.copyOf(addresses)).getResultList();
    }

    @Override
    public Optional<Suppression> find(String address, SuppressionReason reason, String category) {
        return forAddress(address).stream()
                .filter(s -> s.getReason() == reason && java.util.Objects.equals(s.getCategory(), category))
                .findFirst();
    }

    /**
     * {@code INSERT … ON CONFLICT DO NOTHING} on the unique (address, reason, category): two
     * concurrent adds of the same entry (a bounce webhook retried) never fail the transaction.
     */
    @Override
    public boolean addIfAbsent(Suppression s) {
        int inserted = em.createNativeQuery("INSERT INTO suppression (address, reason, category, source, created_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .setParameter(1, s.getAddress())
                .setParameter(2, s.getReason().name())
                .setParameter(3, s.getCategory())
                .setParameter(4, s.getSource())
                .setParameter(5, s.getCreatedAt())
                .executeUpdate();
        return inserted == 1;
    }

    @Override
    public List<Suppression> page(String address, SuppressionReason reason, int offset, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT s FROM Suppression s WHERE 1 = 1");
        if (address != null) {
            jpql.append(" AND s.address = :address");
        }
        if (reason != null) {
            jpql.append(" AND s.reason = :reason");
        }
        jpql.append(" ORDER BY s.createdAt DESC, s.id DESC");
        TypedQuery<Suppression> q = em.createQuery(jpql.toString(), Suppression.class);
        if (address != null) {
            q.setParameter("address", address);
        }
        if (reason != null) {
            q.setParameter("reason", reason);
        }
        return q.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Override
    public int remove(String address, String category) {
        if (category == null) {
            return em.createQuery("DELETE FROM Suppression s WHERE s.address = :address")
                    .setParameter("address", address).executeUpdate();
        }
        if (category.isEmpty()) {
            return em.createQuery("DELETE FROM Suppression s WHERE s.address = :address AND s.category IS NULL")
                    .setParameter("address", address).executeUpdate();
        }
        return em.createQuery("DELETE FROM Suppression s WHERE s.address = :address AND s.category = :category")
                .setParameter("address", address).setParameter("category", category).executeUpdate();
    }
}
