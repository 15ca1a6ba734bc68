package io.herald.interfaces.rest;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST API, version 1. Resources and providers are discovered by scanning. Every resource
 * requires an API key (see interfaces.security); the scopes are the roles below.
 */
@ApplicationPath("/api/v1")
@DeclareRoles({"send", "read", "admin", "users", "webhook"})
public class NotificationApplication extends Application {
}
