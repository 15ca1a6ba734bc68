package io.herald.infrastructure.json;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider, looked up once. {@code jakarta.json.Json}'s static factory methods
 * look the provider up on every call, which in an application server means a
 * {@link java.util.ServiceLoader} scan of the class path per builder or reader: the profile of
 * the issue-5 benchmark showed those scans in 10 % of all CPU samples. Use
 * {@code Jsons.JSON.createObjectBuilder()} and friends instead of {@code Json.*}.
 */
public final class Jsons {

    public static final JsonProvider JSON = JsonProvider.provider();

    private Jsons() {
    }
}
