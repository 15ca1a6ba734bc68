package io.herald.infrastructure.http;

import io.herald.application.CallbackTargets;
import io.herald.domain.model.callback.CallbackTargetPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs callback bodies, only where the {@link CallbackTargetPolicy} allows (ADR 0011): the URL
 * is checked first (scheme, port, address literals), then {@link PolicyDnsResolver} resolves the
 * host once, inside the connection path, and the client connects to exactly the addresses that
 * passed. Direct connections only (no proxy), no redirects followed, no automatic retries (the
 * callback queue retries), TLS with certificate and host name verification and SNI for the host
 * name in the URL. Connect timeout 5 s, read timeout 10 s; connections are pooled per host.
 *
 * <p>A slow receiver only ever holds a callback consumer, never email delivery.
 */
@ApplicationScoped
public class WebhookClient {

    static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);
    static final Timeout READ_TIMEOUT = Timeout.ofSeconds(10);
    /** Answers with a longer (or unknown) body are not read: the connection is dropped instead. */
    static final int MAX_DRAINED_BODY = 16 * 1024;
    private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(30);

    @EJB
    private CallbackTargets targets;

    private CallbackTargetPolicy policy;
    private PoolingHttpClientConnectionManager pool;
    private CloseableHttpClient client;

    public WebhookClient() {
    }

    /** Outside the container (tests): a given policy and lookup. */
    WebhookClient(CallbackTargetPolicy policy, PolicyDnsResolver.Lookup lookup, Timeout connectTimeout, Timeout readTimeout) {
        open(policy, lookup, connectTimeout, readTimeout);
    }

    @PostConstruct
    void start() {
        open(targets.policy(), InetAddress::getAllByName, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    private void open(CallbackTargetPolicy policy, PolicyDnsResolver.Lookup lookup, Timeout connectTimeout, Timeout readTimeout) {
        this.policy = policy;
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new PolicyDnsResolver(policy, lookup))
                .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(readTimeout)
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(readTimeout).build())
                .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(readTimeout).build())
                // one callback consumer pool of 8: never more than 8 requests at once
                .setMaxConnPerRoute(8)
                .setMaxConnTotal(32)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                // direct connections: a proxy would resolve the host itself, unchecked
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setConnectionRequestTimeout(connectTimeout)
                        .setResponseTimeout(readTimeout)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("Herald-Callbacks")
                .build();
    }

    /**
     * @return the receiver's HTTP status
     * @throws CallbackRefusedException the policy refuses the URL or every address of its host;
     *                                  nothing was sent
     * @throws IOException              no answer (refused, timed out, reset, TLS failure, ...)
     */
    public int post(String url, Map<String, String> headers, String body) throws IOException {
        Optional<String> refusal = policy.refusalOf(url);
        if (refusal.isPresent()) {
            throw new CallbackRefusedException(refusal.get());
        }
        pool.closeExpired();
        pool.closeIdle(MAX_IDLE);
        HttpPost post = new HttpPost(withoutUserInfo(url));
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        ClassicHttpResponse response = client.executeOpen(null, post, null);
        boolean reusable = false;
        try {
            int status = response.getCode();
            reusable = drainSmallBody(response.getEntity());
            return status;
        } finally {
            if (reusable) {
                response.close();
            } else if (response instanceof CloseableHttpResponse closeable) {
                closeable.close(CloseMode.IMMEDIATE);
            } else {
                post.cancel();
                response.close();
            }
        }
    }

    /** Reads a short answer to its end, so the connection can be reused; true if it did. */
    private static boolean drainSmallBody(HttpEntity entity) {
        if (entity == null) {
            return true;
        }
        long length = entity.getContentLength();
        if (length < 0 || length > MAX_DRAINED_BODY) {
            return false;
        }
        try {
            EntityUtils.consume(entity);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * HttpClient 5 refuses URLs with user information ({@code user:pass@host}): it is left out,
     * never sent as credentials.
     */
    static URI withoutUserInfo(String url) throws IOException {
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null) {
                return uri;
            }
            return new URI(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new CallbackRefusedException("not a URL");
        }
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close(CloseMode.GRACEFUL);
        }
    }
}
