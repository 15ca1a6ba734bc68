package io.herald.infrastructure.http;

import java.net.UnknownHostException;

/**
 * A callback target the {@link io.herald.domain.model.callback.CallbackTargetPolicy} refuses: its
 * URL (scheme, port, an internal address literal) or every address its host resolved to. Nothing
 * was connected to. Permanent: retrying would be refused again.
 *
 * <p>An {@link UnknownHostException} so that {@link PolicyDnsResolver} can throw it from inside
 * the HTTP client's connection path. Its message never contains the URL or the host.
 */
public class CallbackRefusedException extends UnknownHostException {

    private static final long serialVersionUID = 1L;

    public CallbackRefusedException(String reason) {
        super("refused by policy: " + reason);
    }
}
