#!/usr/bin/env bash
# Called by the build before the integration tests: a fresh database and a fresh, configured,
# stopped domain (Arquillian's managed container starts it and deploys the EAR).
# The test domain uses its own portbase and database, so it never touches the run domain.
export DOMAIN="${DOMAIN:-notification-test}" PORTBASE="${PORTBASE:-28000}"
export DB_NAME="${IT_DB_NAME:-notification_test}"
export SMTP_HOST=127.0.0.1 SMTP_PORT="$((PORTBASE + 25))" SMTP_USER="" SMTP_PASSWORD=""
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
require_payara

bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh" --recreate
"$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
if [[ -d "$PAYARA_HOME/glassfish/domains/$DOMAIN" ]]; then
  "$ASADMIN" --interactive=false delete-domain "$DOMAIN" >/dev/null
fi
bash "$SERVER_CONFIG_DIR/bin/configure-domain.sh"
# tests wait for retries: a shorter backoff keeps the suite fast (same policy, smaller base)
asadmin create-jvm-options "-Dherald.delivery.backoff-base-ms=500" >/dev/null
# ...and for a failing message to come back after a failed round of redeliveries
asadmin create-jvm-options "-Dherald.jms.poison-requeue-base-ms=2000" >/dev/null
# the admin key the tests authenticate with (ItEnvironment.ADMIN_KEY)
asadmin create-jvm-options "-Dherald.bootstrap.admin-key=hk_itadmin0_integration-test-admin-key-0123456789abcdef" >/dev/null
# the secret the callback tests verify signatures with (ItEnvironment.CALLBACK_SECRET)
asadmin create-jvm-options "-Dherald.callback.secret=whsec_aGVyYWxkLWludGVncmF0aW9uLXRlc3Qtc2VjcmV0LTMyYg==" >/dev/null
# callbacks may reach only the test receiver: CallbackReceiver listens on 127.0.0.2 (Linux routes
# all of 127/8 to loopback) on an ephemeral port; 127.0.0.1 and everything else internal stays
# refused (CallbackIT checks that). Lists are comma-separated; an IPv6 network needs '\:' here.
asadmin create-jvm-options "-Dherald.callback.allowed-networks=127.0.0.2/32" >/dev/null
asadmin create-jvm-options "-Dherald.callback.allowed-ports=1024-65535" >/dev/null
# the identity provider the JWT tests sign for (test-only key pair, notification-ear/src/test/resources/jwt)
asadmin create-jvm-options "-Dmp.jwt.verify.issuer=herald-it-idp" >/dev/null
asadmin create-jvm-options "-Dmp.jwt.verify.publickey.location=$PROJECT_DIR/notification-ear/src/test/resources/jwt/public.pem" >/dev/null
# the one origin whose browser pages may call the API (CORS test); asadmin needs ':' escaped
asadmin create-jvm-options '-Dherald.cors.allowed-origins=https\://console.herald.test' >/dev/null
# the SMTP circuit breaker's open delay, unlike the 10 s default, so SmtpOutageIT can tell that
# deferrals follow the configuration
asadmin create-jvm-options "-Dio.herald.infrastructure.mail.MailGateway/send/CircuitBreaker/delay=8000" >/dev/null
# failed authentications one client address may make at once (ItEnvironment.AUTH_FAILURE_BURST)
asadmin create-jvm-options "-Dherald.auth.failure-limit.burst=40" >/dev/null
# push goes to the FCM test server PushIT runs in the test JVM (FcmServer, port PORTBASE+95); the
# test writes the service-account file (its own key pair) where this points before it sends
asadmin create-jvm-options "-Dherald.push.fcm.credentials-file=$PROJECT_DIR/notification-ear/target/fcm-it/service-account.json" >/dev/null
asadmin create-jvm-options "-Dherald.push.fcm.endpoint=http\\://127.0.0.1\\:$((PORTBASE + 95))" >/dev/null
# one-click unsubscribe links (UnsubscribeAndDkimIT) point at the test domain itself; http is fine here,
# production uses https. The secret is a test value: in production give it as HERALD_UNSUBSCRIBE_SECRET
asadmin create-jvm-options "-Dherald.public-url=http\\://127.0.0.1\\:$((PORTBASE + 80))" >/dev/null
asadmin create-jvm-options "-Dherald.unsubscribe.secret=herald-integration-test-unsubscribe-secret-0123456789" >/dev/null
# DKIM: every message of the test domain is signed with a key made here; UnsubscribeAndDkimIT verifies
# signatures with the public key next to it (ItEnvironment.DKIM_PUBLIC_KEY_FILE)
require_command openssl openssl "to make the test domain's DKIM key"
dkim_dir="$PROJECT_DIR/notification-ear/target/dkim-it"
mkdir -p "$dkim_dir"
rm -f "$dkim_dir/private.pem" "$dkim_dir/public.pem"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dkim_dir/private.pem" 2>/dev/null
openssl pkey -in "$dkim_dir/private.pem" -pubout -out "$dkim_dir/public.pem"
asadmin create-jvm-options "-Dherald.dkim.domain=herald.local" >/dev/null
asadmin create-jvm-options "-Dherald.dkim.selector=it" >/dev/null
asadmin create-jvm-options "-Dherald.dkim.private-key-file=$dkim_dir/private.pem" >/dev/null
# SES bounces through SNS (SesWebhookIT): the test JVM runs an HTTPS stand-in for SNS on 127.0.0.1:PORTBASE+96.
# Its TLS certificate is made here and imported into the domain's trust store, as an operator would import a
# corporate CA; the SNS signing certificate it serves (and the key the test signs messages with) are made here too.
sns_dir="$PROJECT_DIR/notification-ear/target/sns-it"
rm -rf "$sns_dir" && mkdir -p "$sns_dir"
keytool -genkeypair -alias sns-it -keyalg RSA -keysize 2048 -validity 30 -dname "CN=127.0.0.1" -ext "SAN=ip:127.0.0.1" \
  -keystore "$sns_dir/tls.p12" -storetype PKCS12 -storepass herald-it -keypass herald-it 2>/dev/null
keytool -exportcert -rfc -alias sns-it -keystore "$sns_dir/tls.p12" -storepass herald-it -file "$sns_dir/tls.pem" 2>/dev/null
keytool -importcert -noprompt -alias herald-it-sns -file "$sns_dir/tls.pem" \
  -keystore "$PAYARA_HOME/glassfish/domains/$DOMAIN/config/cacerts.p12" -storepass changeit >/dev/null 2>&1 \
  || die "could not import the SNS test certificate into the test domain's trust store"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=sns.it.herald.local" \
  -keyout "$sns_dir/signing-key.pem" -out "$sns_dir/signing-cert.pem" 2>/dev/null
asadmin create-jvm-options '-Dherald.ses.topic-arns=arn\:aws\:sns\:eu-west-1\:123456789012\:herald-it-ses' >/dev/null
asadmin create-jvm-options "-Dherald.sns.host-pattern=127[.]0[.]0[.]1\\:$((PORTBASE + 96))" >/dev/null
"$ASADMIN" stop-domain "$DOMAIN" >/dev/null
log "test domain $DOMAIN ready (stopped) on portbase $PORTBASE, database $DB_NAME, SMTP port $SMTP_PORT"
