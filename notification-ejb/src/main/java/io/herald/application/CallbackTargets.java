package io.herald.application;

import io.herald.domain.model.callback.CallbackTargetPolicy;
import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one {@link CallbackTargetPolicy} of the application, built once from MicroProfile Config:
 * the REST API checks {@code callback_url} with it when a notification is accepted, the callback
 * sender checks every URL and every resolved address with it before connecting (ADR 0011).
 *
 * <p>Built at deployment: an invalid {@code herald.callback.allowed-networks} or
 * {@code herald.callback.allowed-ports} fails the deployment with a message naming the entry,
 * rather than silently opening or closing more than was meant. A configured
 * {@code herald.callback.default-url} that the policy refuses is reported as a warning.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class CallbackTargets {

    private static final Log LOG = Log.of(CallbackTargets.class);

    @Inject
    @ConfigProperty(name = "herald.callback.allowed-networks")
    private Optional<String> allowedNetworks;

    @Inject
    @ConfigProperty(name = "herald.callback.allowed-ports", defaultValue = CallbackTargetPolicy.DEFAULT_PORTS)
    private String allowedPorts;

    @Inject
    @ConfigProperty(name = "herald.callback.default-url")
    private Optional<String> defaultUrl;

    private volatile CallbackTargetPolicy policy;

    @PostConstruct
    void build() {
        CallbackTargetPolicy built;
        try {
            built = CallbackTargetPolicy.of(allowedNetworks.orElse(null), allowedPorts);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("herald.callback.allowed-networks / herald.callback.allowed-ports: "
                    + e.getMessage(), e);
        }
        policy = built;
        LOG.info(built::toString);
        defaultUrl.filter(url -> !url.isBlank()).flatMap(built::refusalOf).ifPresent(reason -> LOG.warning(
                "herald.callback.default-url " + reason + "; callbacks sent to it will be recorded as refused by policy"));
    }

    public CallbackTargetPolicy policy() {
        return policy;
    }
}
