#!/usr/bin/env bash
# The README's run command. From a fresh clone: builds the EAR, provisions Payara Server (Maven
# Central), makes sure PostgreSQL is running and configured for XA, starts a local capture SMTP
# server (GreenMail) unless SMTP_HOST points elsewhere, creates/configures the domain, deploys,
# prints the URLs and stays in the foreground until Ctrl-C, which stops everything it started.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PROJECT_DIR"

GREENMAIL_API_PORT="${GREENMAIL_API_PORT:-8025}"
GREENMAIL_IMAP_PORT="${GREENMAIL_IMAP_PORT:-3143}"
greenmail_pid=""

log "building (./mvnw install -DskipTests) and provisioning Payara ${PAYARA_HOME#$PROJECT_DIR/}"
./mvnw -q -B install -DskipTests

bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh"

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

capture=false
if [[ "$SMTP_HOST" == "127.0.0.1" || "$SMTP_HOST" == "localhost" ]] && ! port_open 127.0.0.1 "$SMTP_PORT"; then
  log "starting the capture SMTP server (GreenMail) on 127.0.0.1:$SMTP_PORT"
  java -Dgreenmail.hostname=127.0.0.1 \
       -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
       -Dgreenmail.imap.hostname=127.0.0.1 -Dgreenmail.imap.port="$GREENMAIL_IMAP_PORT" \
       -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$GREENMAIL_API_PORT" \
       -Dgreenmail.auth.disabled \
       -jar "$RUNTIME_DIR/greenmail/greenmail-standalone.jar" >"$RUNTIME_DIR/greenmail/greenmail.log" 2>&1 &
  greenmail_pid=$!
  capture=true
  for _ in $(seq 1 100); do port_open 127.0.0.1 "$SMTP_PORT" && break; sleep 0.2; done
  port_open 127.0.0.1 "$SMTP_PORT" || die "GreenMail did not start; see $RUNTIME_DIR/greenmail/greenmail.log"
fi

stop_all() {
  trap - INT TERM EXIT
  log "stopping"
  bash "$SERVER_CONFIG_DIR/bin/stop-domain.sh" || true
  [[ -n "$greenmail_pid" ]] && kill "$greenmail_pid" 2>/dev/null || true
  exit 0
}
trap stop_all INT TERM EXIT

bash "$SERVER_CONFIG_DIR/bin/configure-domain.sh"
# restart so that server-level settings (logging, driver in lib/) are in force
asadmin restart-domain "$DOMAIN" >/dev/null
log "deploying notification-ear/target/notification.ear"
asadmin deploy --force=true --name notification "$PROJECT_DIR/notification-ear/target/notification.ear" >/dev/null

cat <<MSG

  Herald notification service is running (domain $DOMAIN, Payara Server at ${PAYARA_HOME#$PROJECT_DIR/}).

    API            http://127.0.0.1:$HTTP_PORT/api/v1/notifications
    Health         http://127.0.0.1:$HTTP_PORT/health/ready
    Metrics        http://127.0.0.1:$HTTP_PORT/metrics   (with a key: -H "Authorization: Bearer \$KEY")
    Admin console  http://127.0.0.1:$ADMIN_PORT   (Resources > JMS Resources; Configurations > server-config > JMS Physical Destinations)
MSG
if $capture; then
  cat <<MSG
    Captured mail  http://127.0.0.1:$GREENMAIL_API_PORT/api/user/<address>/messages  (GreenMail; IMAP 127.0.0.1:$GREENMAIL_IMAP_PORT, any user/password)
MSG
else
  echo "    SMTP           $SMTP_HOST:$SMTP_PORT"
fi
server_log="$PAYARA_HOME/glassfish/domains/$DOMAIN/logs/server.log"
bootstrap_key="$(grep -o 'BOOTSTRAP ADMIN API KEY[^:]*: hk_[A-Za-z0-9_-]*' "$server_log" 2>/dev/null | tail -n 1 | sed 's/.*: //')"
if [[ -n "$bootstrap_key" ]]; then
  echo "    Admin API key  $bootstrap_key   (created at first start; issue scoped keys, then revoke it)"
else
  echo "    Admin API key  the one from the first start (grep 'BOOTSTRAP ADMIN API KEY' in the server log), or HERALD_BOOTSTRAP_ADMIN_KEY"
fi
cat <<MSG
    Server log     ${PAYARA_HOME#$PROJECT_DIR/}/glassfish/domains/$DOMAIN/logs/server.log (JSON lines)

  Try the quick start in README.md. Ctrl-C stops the server$($capture && echo " and the capture SMTP server").

MSG
while true; do sleep 3600 & wait $!; done
