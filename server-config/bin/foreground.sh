#!/usr/bin/env bash
# Shared by the run commands (run.sh, run-cluster.sh), which stay in the foreground and stop
# everything they started on Ctrl-C, SIGTERM or SIGHUP. Sourced after env.sh, before anything is
# started; the caller first defines server_pids (the Payara JVMs that stop_servers ends, which
# end_tree must leave alone) and stop_servers (stops the servers this run touched, also ones still
# starting).
GREENMAIL_API_PORT="${GREENMAIL_API_PORT:-8025}"
GREENMAIL_IMAP_PORT="${GREENMAIL_IMAP_PORT:-3143}"
greenmail_pid=""
capture=false
step_pid=""
stopping=false

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

# Stops everything this run started, then exits with $1: the step under way (so that it starts
# nothing more), the servers before the SMTP server they may be sending to, then anything else
# started in the background (the foreground wait's sleep).
stop_all() {
  local status=$1
  $stopping && return 0
  stopping=true
  trap '' INT TERM HUP   # a second Ctrl-C must not cut the clean-up short
  trap - EXIT
  set +e
  log "stopping"
  [[ -n "$step_pid" ]] && end_tree "$step_pid"
  stop_servers
  [[ -n "$greenmail_pid" ]] && end_tree "$greenmail_pid"
  local job; for job in $(jobs -p); do end_tree "$job"; done
  wait 2>/dev/null
  exit "$status"
}
# installed before anything is started, so that nothing escapes; a signal is a requested stop
trap 'stop_all 0' INT TERM HUP
trap 'stop_all $?' EXIT

# The banner's lines for mail and the admin key; $1 is the logs directory of the (first) server,
# where the key generated at the first start is, if a log (current or rotated) still shows it.
# Finding none is normal (HERALD_BOOTSTRAP_ADMIN_KEY was set, or the log rotated), hence `|| true`.
print_mail_and_key() {
  local key
  if $capture; then
    echo "    Captured mail  http://127.0.0.1:$GREENMAIL_API_PORT/api/user/<address>/messages  (GreenMail; IMAP 127.0.0.1:$GREENMAIL_IMAP_PORT, any user/password)"
  else
    echo "    SMTP           $SMTP_HOST:$SMTP_PORT"
  fi
  key="$(cat "$1"/server.log_* "$1/server.log" 2>/dev/null \
    | grep -o 'BOOTSTRAP ADMIN API KEY[^:]*: hk_[A-Za-z0-9_-]*' | tail -n 1 | sed 's/.*: //' || true)"
  if [[ -n "${HERALD_BOOTSTRAP_ADMIN_KEY:-}" ]]; then
    echo "    Admin API key  \$HERALD_BOOTSTRAP_ADMIN_KEY (registered by the start that found no key in the database)"
  elif [[ -n "$key" ]]; then
    echo "    Admin API key  $key   (created at first start; issue scoped keys, then revoke it)"
  else
    echo "    Admin API key  the one from the first start (its server log line 'BOOTSTRAP ADMIN API KEY'), or HERALD_BOOTSTRAP_ADMIN_KEY"
  fi
}
