#!/usr/bin/env bash
# Stops the Payara domain $DOMAIN if it runs and returns once its JVM has exited. In-flight JMS
# transactions roll back and their messages are redelivered at the next start: nothing accepted is
# lost. A JVM of the domain that stop-domain did not end (one still starting has no admin listener
# to ask) is ended by its PID: SIGTERM, which runs the server's shutdown hook, then SIGKILL after 60 s.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
require_payara
"$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
pids="$(domain_pids)"
if [[ -n "$pids" ]]; then
  log "domain $DOMAIN: ending JVM $(echo $pids) by its PID"
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 120); do
    [[ -z "$(domain_pids)" ]] && break
    sleep 0.5
  done
  pids="$(domain_pids)"
  if [[ -n "$pids" ]]; then
    log "domain $DOMAIN: JVM $(echo $pids) ignored SIGTERM for 60 s; SIGKILL"
    kill -KILL $pids 2>/dev/null || true
    sleep 1
  fi
fi
[[ -z "$(domain_pids)" ]] || die "domain $DOMAIN: JVM $(echo $(domain_pids)) still running"
log "domain $DOMAIN stopped"
