#!/usr/bin/env bash
# The README's run command. From a fresh clone: builds the EAR, provisions Payara Server (Maven
# Central), makes sure PostgreSQL is running and configured for XA, starts a local capture SMTP
# server (GreenMail) unless SMTP_HOST points elsewhere, creates/configures the domain, deploys,
# prints the URLs and stays in the foreground until Ctrl-C (SIGINT), SIGTERM or SIGHUP, which stop
# everything it started, also while it is still starting; then it exits (status 0). It exits
# non-zero, also after stopping everything, if a step fails or the server goes away by itself.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PROJECT_DIR"

domain_touched=false

# --- stopping (foreground.sh: stop_all on a signal, an error or the end) -------------------------
# the server's JVM, also one still starting: stop-domain.sh stops it, end_tree leaves it alone
server_pids() { domain_pids; }
stop_servers() { $domain_touched && bash "$SERVER_CONFIG_DIR/bin/stop-domain.sh"; }
source "$SERVER_CONFIG_DIR/bin/foreground.sh"

# --- starting ----------------------------------------------------------------------------------
log "building (./mvnw install -DskipTests) and provisioning Payara ${PAYARA_HOME#$PROJECT_DIR/}"
step ./mvnw -q -B install -DskipTests

step bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh"

start_capture_smtp

# Issue 9: started again, the domain first loads the EAR deployed last time; a deploy --force while
# that load runs fails (scratch directories, EJB container, CDI, "has been shut down"). So the domain
# is restarted only when a setting read at start-up changed, and configure-domain.sh returns only
# once the server has finished starting, deployed applications loaded: then nothing runs alongside
# the deploy.
domain_touched=true
step bash "$SERVER_CONFIG_DIR/bin/configure-domain.sh" --restart-if-needed
log "deploying notification-ear/target/notification.ear"
step asadmin deploy --force=true --name notification "$PROJECT_DIR/notification-ear/target/notification.ear" >/dev/null \
  || die "deploying failed; see $DOMAIN_DIR/logs/server.log"

# --- running -----------------------------------------------------------------------------------
cat <<MSG

  Herald notification service is running (domain $DOMAIN, Payara Server at ${PAYARA_HOME#$PROJECT_DIR/}).

    API            http://127.0.0.1:$HTTP_PORT/api/v1/notifications
    Health         http://127.0.0.1:$HTTP_PORT/health/ready
    Metrics        http://127.0.0.1:$HTTP_PORT/metrics   (with a key: -H "Authorization: Bearer \$KEY")
    Admin console  http://127.0.0.1:$ADMIN_PORT   (Resources > JMS Resources; Configurations > server-config > JMS Physical Destinations)
MSG
print_mail_and_key "$DOMAIN_DIR/logs"
cat <<MSG
    Server log     ${DOMAIN_DIR#$PROJECT_DIR/}/logs/server.log (JSON lines)

  Try the quick start in README.md. Ctrl-C stops the server$($capture && echo " and the capture SMTP server").

MSG
# stay in the foreground while the server runs (checked every 5 s; `wait` returns at once on a signal)
while true; do
  sleep 5 &
  wait $! || true
  if [[ -z "$(domain_pids)" ]]; then
    sleep 5 & wait $! || true   # a restart from the admin console briefly has no JVM? look again
    [[ -n "$(domain_pids)" ]] || die "the server of domain $DOMAIN has stopped; see $DOMAIN_DIR/logs/server.log"
  fi
done
