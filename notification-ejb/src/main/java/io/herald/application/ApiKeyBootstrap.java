package io.herald.application;

import io.herald.infrastructure.logging.Log;
import io.herald.domain.model.apikey.ApiKey;
import io.herald.domain.model.apikey.Scope;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On the first start (no API keys yet) creates an admin key with every scope: the one given in
 * {@code herald.bootstrap.admin-key} (env {@code HERALD_BOOTSTRAP_ADMIN_KEY}), or a generated one
 * printed once in a clearly marked log line. Use it to create scoped keys, then revoke it.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class ApiKeyBootstrap {

    private static final Log LOG = Log.of(ApiKeyBootstrap.class);

    @EJB
    private ApiKeyService keys;

    @Inject
    @ConfigProperty(name = "herald.bootstrap.admin-key")
    private Optional<String> configuredKey;

    @PostConstruct
    void bootstrap() {
        if (keys.count() > 0) {
            return;
        }
        EnumSet<Scope> all = EnumSet.allOf(Scope.class);
        if (configuredKey.isPresent() && !configuredKey.get().isBlank()) {
            ApiKey key = ApiKey.of(configuredKey.get().strip(), "bootstrap admin", all, OffsetDateTime.now(ZoneOffset.UTC));
            keys.register(key);
            LOG.info(() -> "Bootstrap admin API key " + key.getPrefix() + "... registered from herald.bootstrap.admin-key");
        } else {
            ApiKey.Issued issued = keys.issue("bootstrap admin", all, null);
            LOG.warning("*** BOOTSTRAP ADMIN API KEY (shown once; create scoped keys with it, then revoke it): "
                    + issued.plainText() + " ***");
        }
    }
}
