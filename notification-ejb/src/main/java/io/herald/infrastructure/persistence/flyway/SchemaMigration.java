package io.herald.infrastructure.persistence.flyway;

import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date when the application starts, before any request is
 * served. Bean-managed transactions: Flyway drives its own (non-XA) transactions on the pool's
 * connections. Concurrent starts on several instances are safe: Flyway takes a lock.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    private static final Log LOG = Log.of(SchemaMigration.class);

    @Resource(lookup = "jdbc/notification")
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migration(s) applied now)");
    }
}
