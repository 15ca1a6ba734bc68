package io.herald.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScopeEnforcementTest {

    private static final List<Class<? extends Annotation>> VERBS = List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class);

    @RolesAllowed("admin")
    static class AdminOnly {
        public void inherits() { }
        @RolesAllowed({"send", "read"})
        public void own() { }
        @PermitAll
        public void open() { }
        @DenyAll
        public void closed() { }
    }

    static class Bare {
        public void nothing() { }
    }

    private static ScopeEnforcement.Rule rule(Class<?> type, String method) throws NoSuchMethodException {
        return ScopeEnforcement.ruleFor(type.getMethod(method), type);
    }

    @Test
    void methodAnnotationsWinOverTheClassAndNothingMeansNobody() throws Exception {
        assertEquals(new ScopeEnforcement.Rule(false, List.of("admin")), rule(AdminOnly.class, "inherits"));
        assertEquals(new ScopeEnforcement.Rule(false, List.of("send", "read")), rule(AdminOnly.class, "own"));
        assertTrue(rule(AdminOnly.class, "open").permitAll());
        assertEquals(new ScopeEnforcement.Rule(false, List.of()), rule(AdminOnly.class, "closed"));
        assertEquals(new ScopeEnforcement.Rule(false, List.of()), rule(Bare.class, "nothing"), "deny by default");
    }

    /** Every resource method of the API says who may call it (none is open, or denied, by omission). */
    @Test
    void everyResourceMethodDeclaresItsScopes() throws Exception {
        List<Class<?>> resources = resourceClasses();
        assertTrue(resources.size() >= 8, "found the resources: " + resources);
        List<String> undeclared = new ArrayList<>();
        int methods = 0;
        for (Class<?> type : resources) {
            for (Method m : type.getDeclaredMethods()) {
                if (VERBS.stream().noneMatch(m::isAnnotationPresent)) {
                    continue;
                }
                methods++;
                ScopeEnforcement.Rule rule = ScopeEnforcement.ruleFor(m, type);
                if (rule.permitAll() || rule.roles().isEmpty()) {
                    undeclared.add(type.getSimpleName() + "." + m.getName() + (rule.permitAll() ? " (open)" : " (denied)"));
                }
            }
        }
        assertTrue(methods > 30, "found the resource methods: " + methods);
        assertEquals(List.of(), undeclared, "resource methods open to everyone or to nobody");
    }

    private static List<Class<?>> resourceClasses() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(ScopeEnforcement.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/herald/interfaces/rest");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$")).toList()) {
                String name = "io.herald.interfaces.rest." + f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(name, false, ScopeEnforcementTest.class.getClassLoader());
                if (c.isAnnotationPresent(Path.class)) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
