package io.herald.application.delivery;

import java.util.Map;

/**
 * A status callback ready to POST: target, Standard Webhooks headers and JSON body. The URL may
 * carry the caller's tokens: never log it.
 */
public record SignedCallback(String url, Map<String, String> headers, String body) {

    @Override
    public String toString() {
        return "SignedCallback[" + body.length() + " chars]";
    }
}
