package io.herald.infrastructure.mail;

import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;

/**
 * DKIM signatures (RFC 6376, rsa-sha256, relaxed/relaxed) on every outgoing email, made with
 * utils-mail-dkim, when {@code herald.dkim.domain}, {@code herald.dkim.selector} and
 * {@code herald.dkim.private-key-file} (an unencrypted PKCS#8 PEM RSA key of at least 1024 bits,
 * {@code -----BEGIN PRIVATE KEY-----}) are set. The signature covers, among the library's
 * defaults, From, To, Subject, Date, Message-ID, the MIME headers and {@code List-Unsubscribe};
 * {@code List-Unsubscribe-Post} is added, so one-click unsubscribe (RFC 8058) is honoured by
 * mailbox providers. A signed message gets a {@code Message-ID} on the signing domain
 * ({@code <notification id>.<random>@<domain>}). The public key is never looked up in DNS here:
 * publishing it is the operator's part (README).
 *
 * <p>The key file is read on first use and again whenever its modification time or size changes
 * (key rotation without a restart), like the FCM credentials file. When signing is configured but
 * cannot be done (a setting missing, the file unreadable, not a key), mail is not sent unsigned:
 * {@link #sign} throws {@link DkimUnavailableException} and the attempt is deferred like one that
 * found the server unavailable, so nothing is lost and the cause shows in the notification's
 * events; the problem is logged once per version of the file. With none of the three settings,
 * mail goes out unsigned, as before.
 */
@ApplicationScoped
public class DkimSigning {

    public static final String DOMAIN = "herald.dkim.domain";
    public static final String SELECTOR = "herald.dkim.selector";
    public static final String PRIVATE_KEY_FILE = "herald.dkim.private-key-file";

    /** A PEM RSA key of 4096 bits is about 3.3 kB; anything much larger is not one. */
    static final int MAX_FILE_BYTES = 64 * 1024;
    static final int MIN_KEY_BITS = 1024;

    private static final Log LOG = Log.of(DkimSigning.class);
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    /** A domain name of two or more labels (the library wants a dot). */
    private static final Pattern DOMAIN_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")+");
    /** A selector: one or more labels (RFC 6376 3.1). */
    private static final Pattern SELECTOR_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final Pattern PEM_ARMOUR = Pattern.compile("-----(BEGIN|END) PRIVATE KEY-----");

    /** The key of one version of the file, or why that version is unusable. */
    private record Loaded(Path path, FileTime modified, long size, RSAPrivateKey key, String problem) {
        boolean isFor(Path p, BasicFileAttributes attributes) {
            return path.equals(p) && modified.equals(attributes.lastModifiedTime()) && size == attributes.size();
        }
    }

    @Inject
    @ConfigProperty(name = DOMAIN)
    Optional<String> domain;

    @Inject
    @ConfigProperty(name = SELECTOR)
    Optional<String> selector;

    @Inject
    @ConfigProperty(name = PRIVATE_KEY_FILE)
    Optional<String> privateKeyFile;

    private final SecureRandom random = new SecureRandom();
    private final Object loadLock = new Object();
    private volatile Loaded loaded;
    /** Why the settings are unusable, or null; checked once at start. */
    private String settingsProblem;

    public DkimSigning() {
    }

    /** Outside the container (tests): the settings given. */
    DkimSigning(String domain, String selector, String privateKeyFile) {
        this.domain = Optional.ofNullable(domain);
        this.selector = Optional.ofNullable(selector);
        this.privateKeyFile = Optional.ofNullable(privateKeyFile);
        start();
    }

    @PostConstruct
    void start() {
        settingsProblem = null;
        if (!isConfigured()) {
            LOG.info(() -> "DKIM signing is off: " + DOMAIN + ", " + SELECTOR + " and " + PRIVATE_KEY_FILE + " are not set");
            return;
        }
        if (value(domain).isEmpty() || value(selector).isEmpty() || value(privateKeyFile).isEmpty()) {
            settingsProblem = "DKIM signing needs all of " + DOMAIN + ", " + SELECTOR + " and " + PRIVATE_KEY_FILE
                    + "; only some are set";
        } else if (!DOMAIN_NAME.matcher(value(domain).get()).matches()) {
            settingsProblem = DOMAIN + " is not a domain name";
        } else if (!SELECTOR_NAME.matcher(value(selector).get()).matches()) {
            settingsProblem = SELECTOR + " is not a DKIM selector (letters, digits, '-', dot-separated)";
        } else {
            try {
                Path.of(value(privateKeyFile).get());
            } catch (InvalidPathException e) {
                settingsProblem = PRIVATE_KEY_FILE + " is not a file path";
            }
        }
        if (settingsProblem != null) {
            LOG.warning(() -> settingsProblem + ": mail is held (deferred) until this is fixed");
        } else {
            LOG.info(() -> "DKIM signing is on: d=" + value(domain).get() + ", s=" + value(selector).get());
        }
    }

    /** Whether any DKIM setting is given: then every message is signed, or held until it can be. */
    public boolean isConfigured() {
        return value(domain).isPresent() || value(selector).isPresent() || value(privateKeyFile).isPresent();
    }

    /**
     * The message as it goes out. Unchanged when signing is not configured; otherwise a signed
     * copy, with a Message-ID on the signing domain. Call after {@code saveChanges()}.
     *
     * @throws DkimUnavailableException signing is configured but cannot be done now
     */
    public MimeMessage sign(MimeMessage message, long notificationId) throws MessagingException {
        if (!isConfigured()) {
            return message;
        }
        if (settingsProblem != null) {
            throw new DkimUnavailableException(settingsProblem);
        }
        RSAPrivateKey key = key();
        String signingDomain = value(domain).get();
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        message.setHeader("Message-ID", "<" + notificationId + "." + HexFormat.of().formatHex(nonce) + "@" + signingDomain + ">");
        DkimSigner signer;
        try {
            // one signer per message: a DkimSigner holds a Signature and a MessageDigest, neither thread-safe
            signer = new DkimSigner(signingDomain, value(selector).get(), key);
        } catch (RuntimeException e) {
            throw new DkimUnavailableException("the DKIM signer cannot be set up (" + e.getClass().getSimpleName() + ")");
        }
        signer.setCheckDomainKey(false);
        signer.setHeaderCanonicalization(Canonicalization.RELAXED);
        signer.setBodyCanonicalization(Canonicalization.RELAXED);
        signer.addHeaderToSign("List-Unsubscribe");
        signer.addHeaderToSign("List-Unsubscribe-Post");
        ByteArrayOutputStream signed = new ByteArrayOutputStream(8192);
        try {
            // signed once, here, before a connection is borrowed: the bytes sent are exactly the ones signed
            new DkimMessage(message, signer).writeTo(signed);
        } catch (IOException | MessagingException | RuntimeException e) {
            throw new DkimUnavailableException("the message cannot be DKIM-signed (" + e.getClass().getSimpleName() + ")");
        }
        return new MimeMessage(message.getSession(), new ByteArrayInputStream(signed.toByteArray()));
    }

    /** The key in the file as it is now: read on first use and after every change. */
    private RSAPrivateKey key() {
        Path path = Path.of(value(privateKeyFile).get());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            String problem = PRIVATE_KEY_FILE + " cannot be read (" + e.getClass().getSimpleName() + ")";
            synchronized (loadLock) {
                if (loaded == null || loaded.key() != null || !problem.equals(loaded.problem())) {
                    LOG.warning(() -> "DKIM key unusable: " + problem + "; mail is held (deferred) until it can be read");
                    loaded = new Loaded(path, FileTime.fromMillis(-1), -1, null, problem);
                }
            }
            throw new DkimUnavailableException(problem);
        }
        Loaded current = loaded;
        if (current == null || !current.isFor(path, attributes)) {
            synchronized (loadLock) {
                current = loaded;
                if (current == null || !current.isFor(path, attributes)) {
                    current = load(path, attributes, current);
                    loaded = current;
                }
            }
        }
        if (current.key() == null) {
            throw new DkimUnavailableException(current.problem());
        }
        return current.key();
    }

    private static Loaded load(Path path, BasicFileAttributes attributes, Loaded previous) {
        try {
            RSAPrivateKey key = read(path);
            boolean reload = previous != null && previous.key() != null;
            LOG.info(() -> (reload ? "DKIM key reloaded: RSA " : "DKIM key loaded: RSA ") + key.getModulus().bitLength() + " bits");
            return new Loaded(path, attributes.lastModifiedTime(), attributes.size(), key, null);
        } catch (DkimUnavailableException e) {
            // logged once per version of the file; the message names the problem, never key material
            LOG.warning(() -> "DKIM key unusable: " + e.getMessage() + "; mail is held (deferred) until it is fixed");
            return new Loaded(path, attributes.lastModifiedTime(), attributes.size(), null, e.getMessage());
        }
    }

    /** Reads an unencrypted PKCS#8 PEM RSA private key. */
    static RSAPrivateKey read(Path path) {
        byte[] content;
        try (InputStream in = Files.newInputStream(path)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new DkimUnavailableException(PRIVATE_KEY_FILE + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (content.length > MAX_FILE_BYTES) {
            throw new DkimUnavailableException(PRIVATE_KEY_FILE + " is larger than " + MAX_FILE_BYTES + " bytes: not a key");
        }
        String pem = new String(content, StandardCharsets.US_ASCII);
        Arrays.fill(content, (byte) 0);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new DkimUnavailableException(PRIVATE_KEY_FILE + " must be an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in old.pem -out new.pem");
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----") || !pem.contains("-----END PRIVATE KEY-----")) {
            throw new DkimUnavailableException(PRIVATE_KEY_FILE + " is not a PEM private key (-----BEGIN PRIVATE KEY----- ...)");
        }
        String base64 = PEM_ARMOUR.matcher(pem).replaceAll("").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new DkimUnavailableException(PRIVATE_KEY_FILE + " is not valid Base64 inside its PEM armour");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(key instanceof RSAPrivateKey rsa) || rsa.getModulus().bitLength() < MIN_KEY_BITS) {
                throw new DkimUnavailableException(PRIVATE_KEY_FILE + " must be an RSA key of at least " + MIN_KEY_BITS + " bits");
            }
            return rsa;
        } catch (GeneralSecurityException e) {
            throw new DkimUnavailableException(PRIVATE_KEY_FILE + " is not a PKCS#8 RSA private key (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static Optional<String> value(Optional<String> setting) {
        return setting == null ? Optional.empty() : setting.map(String::strip).filter(s -> !s.isEmpty());
    }
}
