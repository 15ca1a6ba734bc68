package io.herald.infrastructure.sns;

import io.herald.application.SnsEndpoints;
import io.herald.infrastructure.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SnsEndpoints} over the JDK's HTTP client: TLS checked against the server's trust store
 * (the domain's {@code cacerts}), no redirects followed, 5 s to connect, 10 s per request, at
 * most 64 KiB read. Certificates are cached by URL (SNS rotates them rarely and names a new URL
 * when it does) and checked for validity on every use; at most {@value #MAX_CACHED} are kept.
 */
@ApplicationScoped
public class HttpSnsEndpoints implements SnsEndpoints {

    private static final Log LOG = Log.of(HttpSnsEndpoints.class);
    static final int MAX_CACHED = 32;
    static final int MAX_BODY = 64 * 1024;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

    @Override
    public PublicKey signingKey(String certificateUrl) {
        X509Certificate cached = certificates.get(certificateUrl);
        X509Certificate certificate = cached != null ? cached : fetch(certificateUrl);
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            certificates.remove(certificateUrl);
            throw new Unavailable("the SNS signing certificate is not valid now");
        }
        if (cached == null) {
            if (certificates.size() >= MAX_CACHED) {
                certificates.clear(); // SNS uses one or two; many means someone is trying URLs
            }
            certificates.put(certificateUrl, certificate);
        }
        return certificate.getPublicKey();
    }

    private X509Certificate fetch(String url) {
        byte[] body = get(url, "the signing certificate");
        try (InputStream in = new ByteArrayInputStream(body)) {
            if (CertificateFactory.getInstance("X.509").generateCertificate(in) instanceof X509Certificate x509) {
                LOG.info(() -> "SNS signing certificate fetched (" + x509.getSubjectX500Principal().getName() + ")");
                return x509;
            }
        } catch (CertificateException | IOException e) {
            // reported below
        }
        throw new Unavailable("the SigningCertURL did not serve an X.509 certificate");
    }

    @Override
    public void confirmSubscription(String subscribeUrl) {
        get(subscribeUrl, "the subscription confirmation");
    }

    private byte[] get(String url, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.warning(() -> "SNS: fetching " + what + " failed: " + Log.causeClasses(e));
            throw new Unavailable("SNS could not be reached for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while fetching " + what);
        }
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (response.statusCode() / 100 != 2) {
                LOG.warning(() -> "SNS: fetching " + what + " answered HTTP " + response.statusCode());
                throw new Unavailable("SNS answered HTTP " + response.statusCode() + " for " + what);
            }
            if (bytes.length > MAX_BODY) {
                throw new Unavailable(what + " is larger than " + MAX_BODY + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new Unavailable("reading " + what + " failed");
        }
    }
}
