#!/usr/bin/env bash
# The README's run command. From a fresh clone: builds the EAR, provisions Payara Server (Maven
# Central), makes sure PostgreSQL is running and configured for XA, starts a local capture SMTP
# server (GreenMail) unless SMTP_HOST points elsewhere, creates/configures the domain, deploys,
# prints the URLs and stays in the foreground until Ctrl-C (SIGINT), SIGTERM or SIGHUP, which stop
# everything it started, also while it is still starting; then it exits (status 0). It exits
# non-zero, also after stopping everything, if a step fails or the server goes away by itself.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PROJECT_DIR"

source "$SERVER_CONFIG_DIR/bin/foreground.sh"
domain_touched=false
stopping=false

# --- stopping ----------------------------------------------------------------------------------
# the server's JVM, also one still starting: stop-domain.sh stops it, end_tree leaves it alone
server_pids() { domain_pids; }

stop_all() {
  local status=$1
  $stopping && return 0
  stopping=true
  trap '' INT TERM HUP   # a second Ctrl-C must not cut the clean-up short
  trap - EXIT
  set +e
  log "stopping"
  # the step under way (build, asadmin start-domain/deploy, ...), so that it starts nothing more
  [[ -n "$step_pid" ]] && end_tree "$step_pid"
  # the server, also one still starting, before the SMTP server it may be sending to
  $domain_touched && bash "$SERVER_CONFIG_DIR/bin/stop-domain.sh"
  [[ -n "$greenmail_pid" ]] && end_tree "$greenmail_pid"
  # anything else this shell started in the background (the foreground wait's sleep)
  local job; for job in $(jobs -p); do end_tree "$job"; done
  wait 2>/dev/null
  exit "$status"
}
# installed before anything is started, so that nothing escapes; a signal is a requested stop
trap 'stop_all 0' INT TERM HUP
trap 'stop_all $?' EXIT

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
if $capture; then
  cat <<MSG
    Captured mail  http://127.0.0.1:$GREENMAIL_API_PORT/api/user/<address>/messages  (GreenMail; IMAP 127.0.0.1:$GREENMAIL_IMAP_PORT, any user/password)
MSG
else
  echo "    SMTP           $SMTP_HOST:$SMTP_PORT"
fi
# the key generated at the first start, if a server log (current or rotated) still shows it; finding
# none is normal (HERALD_BOOTSTRAP_ADMIN_KEY was set, or the log rotated), hence `|| true`
bootstrap_key="$(cat "$DOMAIN_DIR"/logs/server.log_* "$DOMAIN_DIR/logs/server.log" 2>/dev/null \
  | grep -o 'BOOTSTRAP ADMIN API KEY[^:]*: hk_[A-Za-z0-9_-]*' | tail -n 1 | sed 's/.*: //' || true)"
if [[ -n "${HERALD_BOOTSTRAP_ADMIN_KEY:-}" ]]; then
  echo "    Admin API key  \$HERALD_BOOTSTRAP_ADMIN_KEY (registered by the start that found no key in the database)"
elif [[ -n "$bootstrap_key" ]]; then
  echo "    Admin API key  $bootstrap_key   (created at first start; issue scoped keys, then revoke it)"
else
  echo "    Admin API key  the one from the first start (its server log line 'BOOTSTRAP ADMIN API KEY'), or HERALD_BOOTSTRAP_ADMIN_KEY"
fi
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
