#!/usr/bin/env bash
# Stops the Payara domain $DOMAIN if it runs and returns once its JVM has exited. In-flight JMS
# transactions roll back and their messages are redelivered at the next start: nothing accepted is
# lost. A JVM of the domain that stop-domain did not end (one still starting has no admin listener
# to ask) is ended by its PID: SIGTERM, which runs the server's shutdown hook, then SIGKILL after 60 s.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
require_payara
before="$(domain_pids)"
"$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
left="$(domain_pids)"
pids="$(echo $before $left)"
gone() { local p; for p in $pids; do alive "$p" && return 1; done; return 0; }
wait_gone() { local i; for ((i = 0; i < $1 * 2; i++)); do gone && return 0; sleep 0.5; done; gone; }
if [[ -n "$left" ]]; then
  log "domain $DOMAIN: ending JVM $(echo $left) by its PID"
  kill -TERM $left 2>/dev/null || true
fi
if ! wait_gone 60; then
  left=""; for p in $pids; do alive "$p" && left+=" $p"; done
  log "domain $DOMAIN: JVM $(echo $left) still running 60 s after SIGTERM; SIGKILL"
  kill -KILL $left 2>/dev/null || true
  wait_gone 10 || die "domain $DOMAIN: JVM $(echo $left) does not end"
fi
log "domain $DOMAIN stopped"
