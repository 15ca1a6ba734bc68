package io.herald.interfaces.security;

import io.herald.interfaces.rest.Problem;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Enforces the scopes the resources declare with {@code @RolesAllowed} (and {@code @PermitAll},
 * {@code @DenyAll}), on every resource method, with the portable JAX-RS API.
 *
 * <p>Payara enforces these annotations on JAX-RS resources itself only when its JAX-RS
 * role support is registered for the web module, and in an EAR whether it is depends on which
 * module's deployment is current when Jersey starts: adding an unrelated servlet or resource
 * switched it off, and a key with scope {@code read} could then send (found by ApiKeysIT and
 * SuppressionsIT). This feature does not depend on it; where Payara's check runs too, both agree.
 *
 * <p>Deny by default: a resource method without any of the three annotations, on itself or on its
 * class, is refused with 403 ({@code ScopeEnforcementTest} checks that no resource has one). A
 * caller without one of the roles gets 403 problem+json; without a credential the request never
 * gets here ({@link BearerAuthenticationMechanism} answers 401).
 */
@Provider
public class ScopeEnforcement implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Rule rule = ruleFor(resource.getResourceMethod(), resource.getResourceClass());
        if (rule.permitAll()) {
            return;
        }
        context.register(new Check(rule.roles()), Priorities.AUTHORIZATION);
    }

    /** Method annotations win over class annotations; none at all means no role is enough. */
    static Rule ruleFor(Method method, Class<?> type) {
        if (method.isAnnotationPresent(DenyAll.class)) {
            return new Rule(false, List.of());
        }
        if (method.isAnnotationPresent(RolesAllowed.class)) {
            return new Rule(false, List.of(method.getAnnotation(RolesAllowed.class).value()));
        }
        if (method.isAnnotationPresent(PermitAll.class)) {
            return new Rule(true, List.of());
        }
        if (type.isAnnotationPresent(DenyAll.class)) {
            return new Rule(false, List.of());
        }
        if (type.isAnnotationPresent(RolesAllowed.class)) {
            return new Rule(false, List.of(type.getAnnotation(RolesAllowed.class).value()));
        }
        if (type.isAnnotationPresent(PermitAll.class)) {
            return new Rule(true, List.of());
        }
        return new Rule(false, List.of());
    }

    /** Who may call a method: anyone, or a caller in one of the roles (none: nobody). */
    record Rule(boolean permitAll, List<String> roles) {
    }

    /** The per-method check. */
    @Priority(Priorities.AUTHORIZATION)
    static final class Check implements ContainerRequestFilter {

        private final List<String> roles;

        Check(List<String> roles) {
            this.roles = List.copyOf(roles);
        }

        @Override
        public void filter(ContainerRequestContext request) {
            var security = request.getSecurityContext();
            if (security != null && security.getUserPrincipal() != null) {
                for (String role : roles) {
                    if (security.isUserInRole(role)) {
                        return;
                    }
                }
            }
            request.abortWith(Problem.of(403, "forbidden", "Forbidden",
                    roles.isEmpty() ? "this operation is not available" : "this operation needs the scope " + String.join(" or ", roles))
                    .toResponse());
        }
    }
}
