package io.herald.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API, version 1. Resources and providers are discovered by scanning. */
@ApplicationPath("/api/v1")
public class NotificationApplication extends Application {
}
