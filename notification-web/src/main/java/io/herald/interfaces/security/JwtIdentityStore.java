package io.herald.interfaces.security;

import io.herald.infrastructure.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Validates bearer JWTs from an identity provider, configured with the MicroProfile JWT
 * property names: {@code mp.jwt.verify.publickey} (PEM or JWKS text) or
 * {@code mp.jwt.verify.publickey.location} (a file, or an https JWKS URL that is fetched and
 * refreshed), {@code mp.jwt.verify.issuer}, optional {@code mp.jwt.verify.audiences} and
 * {@code mp.jwt.verify.publickey.algorithm} (RS256). A token must be signed with that
 * algorithm, unexpired (60 s clock skew) and from that issuer. The caller's roles come from
 * the entries of its {@code groups} claim and of its space-separated {@code scope} claim,
 * through {@link JwtRoleMapping} ({@code herald:send}, {@code herald:read}, {@code herald:admin},
 * {@code herald:users} unless {@code herald.jwt.role-mapping} says otherwise); the caller is {@code jwt:} plus
 * {@code upn}, {@code preferred_username} or {@code sub}. Without a configured key, JWTs are
 * refused. A JWKS location is a file or an {@code https://} URL: keys fetched over plain http
 * could be swapped by anyone on the path, so such a location is refused.
 */
@ApplicationScoped
public class JwtIdentityStore implements IdentityStore {

    private static final Log LOG = Log.of(JwtIdentityStore.class);
    private static final int MAX_TOKEN_LENGTH = 8192;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm", defaultValue = "RS256")
    String algorithm;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
    int clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "herald.jwt.role-mapping", defaultValue = JwtRoleMapping.DEFAULT)
    String roleMappingText;

    private JwtConsumer consumer;
    private JwtRoleMapping roleMapping;

    @PostConstruct
    void configure() {
        if (publicKey.isEmpty() && publicKeyLocation.isEmpty()) {
            return;
        }
        if (issuer.isEmpty()) {
            LOG.warning("JWT bearer tokens are refused: mp.jwt.verify.issuer is not set");
            return;
        }
        try {
            roleMapping = JwtRoleMapping.parse(roleMappingText);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "JWT bearer tokens are refused: " + e.getMessage());
            return;
        }
        try {
            JwtConsumerBuilder builder = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds(clockSkewSeconds)
                    .setExpectedIssuer(issuer.get())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm);
            audiences.filter(a -> !a.isBlank()).ifPresentOrElse(
                    a -> builder.setExpectedAudience(Arrays.stream(a.split(",")).map(String::strip).toArray(String[]::new)),
                    builder::setSkipDefaultAudienceValidation);
            verificationKey(builder);
            consumer = builder.build();
            LOG.info(() -> "JWT bearer tokens from issuer " + issuer.get() + " are accepted (" + algorithm + ")");
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "JWT bearer tokens are refused: " + e.getMessage());
        } catch (IOException | GeneralSecurityException | JoseException e) {
            LOG.warning(() -> "JWT bearer tokens are refused: the verification key cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private void verificationKey(JwtConsumerBuilder builder) throws IOException, GeneralSecurityException, JoseException {
        String text;
        if (publicKey.isPresent()) {
            text = publicKey.get();
        } else {
            String location = publicKeyLocation.get();
            if (location.regionMatches(true, 0, "https://", 0, 8)) {
                builder.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(location)));
                return;
            }
            if (location.matches("(?i)^[a-z][a-z0-9+.-]*://.*") && !location.regionMatches(true, 0, "file:", 0, 5)) {
                throw new IllegalArgumentException("mp.jwt.verify.publickey.location must be a file or an https:// URL");
            }
            text = Files.readString(Path.of(location.replaceFirst("^file:", "")), StandardCharsets.UTF_8);
        }
        text = text.strip();
        if (text.startsWith("{")) {
            builder.setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(text).getJsonWebKeys()));
        } else {
            builder.setVerificationKey(pem(text));
        }
    }

    private PublicKey pem(String text) throws GeneralSecurityException {
        byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", ""));
        return KeyFactory.getInstance(algorithm.startsWith("ES") ? "EC" : "RSA").generatePublic(new X509EncodedKeySpec(der));
    }

    /** Whether a verification key is configured and usable (otherwise every JWT is refused). */
    boolean acceptsTokens() {
        return consumer != null;
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof JwtCredential jwt)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        if (consumer == null || jwt.token().length() > MAX_TOKEN_LENGTH) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        try {
            JwtClaims claims = consumer.processToClaims(jwt.token());
            String caller = firstString(claims, "upn", "preferred_username", "sub");
            Set<String> roles = roleMapping.roles(claimValues(claims));
            if (caller == null || roles.isEmpty()) {
                return CredentialValidationResult.INVALID_RESULT;
            }
            return new CredentialValidationResult(new HeraldPrincipal("jwt:" + caller, null), roles);
        } catch (InvalidJwtException | MalformedClaimException e) {
            return CredentialValidationResult.INVALID_RESULT;
        }
    }

    private static String firstString(JwtClaims claims, String... names) throws MalformedClaimException {
        for (String name : names) {
            String value = claims.getStringClaimValue(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** The entries of the {@code groups} claim (array) and the {@code scope} claim (space-separated). */
    static Set<String> claimValues(JwtClaims claims) throws MalformedClaimException {
        Set<String> given = new HashSet<>();
        if (claims.isClaimValueStringList("groups")) {
            given.addAll(claims.getStringListClaimValue("groups"));
        }
        if (claims.isClaimValueString("scope")) {
            given.addAll(Arrays.asList(claims.getStringClaimValue("scope").split(" ")));
        }
        return given;
    }
}
