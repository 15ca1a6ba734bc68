#!/usr/bin/env bash
# Shared by the run commands (run.sh, run-cluster.sh), which stay in the foreground and stop
# everything they started on Ctrl-C, SIGTERM or SIGHUP. Sourced after env.sh; the caller defines
# server_pids (the Payara JVMs that its stop-domain calls end, which end_tree must leave alone).
GREENMAIL_API_PORT="${GREENMAIL_API_PORT:-8025}"
GREENMAIL_IMAP_PORT="${GREENMAIL_IMAP_PORT:-3143}"
greenmail_pid=""
capture=false
step_pid=""

# a process and everything it started, except a server JVM (stop-domain.sh gives that one time to
# shut down): SIGTERM, then SIGKILL whatever is left after 20 s
end_tree() {
  local pids="" p left server=" $(echo $(server_pids)) "
  for p in $1 $(descendants "$1"); do [[ "$server" == *" $p "* ]] || pids+=" $p"; done
  kill -TERM $pids 2>/dev/null
  for _ in $(seq 1 100); do
    left=""; for p in $pids; do alive "$p" && left+=" $p"; done
    [[ -z "$left" ]] && return 0
    sleep 0.2
  done
  kill -KILL $left 2>/dev/null
}

# Long steps run in the background and are waited for: bash runs a trap only once the foreground
# command has finished, but interrupts `wait` at once, so a signal during the build, the domain's
# start-up or the deploy is acted on immediately.
step() {
  local status=0
  "$@" &
  step_pid=$!
  wait "$step_pid" || status=$?
  step_pid=""
  return "$status"
}

# the capture SMTP server (GreenMail), unless SMTP_HOST is elsewhere or something already listens
start_capture_smtp() {
  [[ "$SMTP_HOST" == "127.0.0.1" || "$SMTP_HOST" == "localhost" ]] && ! port_open 127.0.0.1 "$SMTP_PORT" || return 0
  log "starting the capture SMTP server (GreenMail) on 127.0.0.1:$SMTP_PORT"
  java -Dgreenmail.hostname=127.0.0.1 \
       -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
       -Dgreenmail.imap.hostname=127.0.0.1 -Dgreenmail.imap.port="$GREENMAIL_IMAP_PORT" \
       -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$GREENMAIL_API_PORT" \
       -Dgreenmail.auth.disabled \
       -jar "$RUNTIME_DIR/greenmail/greenmail-standalone.jar" >"$RUNTIME_DIR/greenmail/greenmail.log" 2>&1 &
  greenmail_pid=$!
  capture=true
  for _ in $(seq 1 100); do
    port_open 127.0.0.1 "$SMTP_PORT" && break
    alive "$greenmail_pid" || break
    sleep 0.2
  done
  port_open 127.0.0.1 "$SMTP_PORT" || die "GreenMail did not start; see $RUNTIME_DIR/greenmail/greenmail.log"
}
