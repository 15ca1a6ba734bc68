#!/usr/bin/env bash
# Issue 9 check: the run command starts and stops cleanly again and again on one domain.
#
# Starts server-config/bin/run.sh in the background and stops it, round after round, on the run
# domain of this checkout ($DOMAIN, default `notification`: ports 8080/4848/7676, GreenMail
# 2525/8025/3143):
#   round 1        HERALD_BOOTSTRAP_ADMIN_KEY set to a key made here, on a fresh database, which
#                  therefore registers it: every round authenticates with it. Stopped by SIGTERM.
#   rounds 2..6    (ROUNDS=5) SIGINT and SIGTERM in turn: SIGINT to run.sh's whole process group,
#                  as Ctrl-C in a terminal sends it, or (round 4) to run.sh alone; SIGTERM to run.sh
#   3 more rounds  the signal arrives during start-up, at a moment seen in the server log: once the
#                  new JVM logs (SIGTERM), while it loads the EAR deployed before (SIGINT to the
#                  group), while the new EAR is deployed (SIGTERM) (EARLY=0: none)
# Each round that starts fully waits (bounded) for the banner and /health/ready, creates a template,
# expects 202 for POST /api/v1/notifications, waits until that notification is DELIVERED and in
# GreenMail, and checks that run.sh still runs 5 s later. Every round then sends its signal and
# checks (bounded) that run.sh exits, that the six ports are closed and that no process of the
# round is left: nothing run.sh started (recorded while it ran), no JVM of the domain, no
# GreenMail, nothing in run.sh's process group. It also looks in the round's part of the server log
# for the errors of issue 9. One line per round, then a summary; exit status 1 if anything failed.
#
# Side effects: the database notification_restart_check (CHECK_DB_NAME) is dropped and created
# again and the domain's pool points at it (your run database keeps its keys and data; the next
# run.sh points the pool back at DB_NAME); the domain's server logs are moved into
# logs/before-restart-check-<time>/ first, so that no BOOTSTRAP line is found in them (that case
# used to end run.sh). Refuses to start while anything listens on the six ports or the domain runs.
# The run.sh output of each round is kept in target/restart-check/. The first start may build and
# create the domain: several minutes; then about 3 minutes a round on 2 cores.
export DB_NAME="${CHECK_DB_NAME:-notification_restart_check}"
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set +e      # every failure is checked and reported here
set -m      # job control: run.sh gets its own process group and does not ignore SIGINT
            # (without it a background job ignores SIGINT, and an ignored signal cannot be trapped)

ROUNDS="${ROUNDS:-5}"
EARLY="${EARLY:-1}"
START_TIMEOUT="${START_TIMEOUT:-900}"      # s until the banner (the first start builds)
STOP_TIMEOUT="${STOP_TIMEOUT:-180}"        # s from the signal until run.sh has exited
DELIVERY_TIMEOUT="${DELIVERY_TIMEOUT:-120}"
GREENMAIL_API_PORT="${GREENMAIL_API_PORT:-8025}"
GREENMAIL_IMAP_PORT="${GREENMAIL_IMAP_PORT:-3143}"
PORTS="$HTTP_PORT $ADMIN_PORT $JMS_PORT $SMTP_PORT $GREENMAIL_API_PORT $GREENMAIL_IMAP_PORT"
RUN="$SERVER_CONFIG_DIR/bin/run.sh"
API="http://127.0.0.1:$HTTP_PORT/api/v1"
WORK="$PROJECT_DIR/target/restart-check"
KEY="hk_rcheck0_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"   # 75 characters
AUTH="Authorization: Bearer $KEY"
RUN_ID="$(date +%H%M%S)"
RACE_ERRORS='Cannot create scratch directory|EJB Container initialization error|has been shut down|has not yet been started|Exception while loading the app|not found\. Error while loading'

listening() { [[ -n "$(ss -Hltn "( sport = :$1 )" 2>/dev/null)" ]]; }
port_pids() { ss -Hltnp "( sport = :$1 )" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2; }
greenmail_pids() {  # GreenMail started from this checkout's .runtime (the pattern does not match itself)
  local jar; jar="$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$RUNTIME_DIR/greenmail/greenmail-standalone.jar")"
  pgrep -f -- "-jar $jar" || true
}
descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }
# "pid:start time", so that a PID reused later is not taken for the process recorded
ident() { local t; t="$(ps -o lstart= -p "$1" 2>/dev/null)" && echo "$1:${t// /_}"; }
still_alive() { local pid=${1%%:*}; [[ "$(ident "$pid")" == "$1" ]] && alive "$pid"; }

pid=""          # run.sh of the current round
declare -A seen # processes recorded during the current round: ident -> command
record() {
  local p id
  for p in $(descendants "$pid") $(domain_pids) $(greenmail_pids) $(for port in $PORTS; do port_pids "$port"; done); do
    id="$(ident "$p")" || continue
    [[ -n "${seen[$id]:-}" ]] || seen[$id]="$(ps -o args= -p "$p" 2>/dev/null | cut -c1-80)"
  done
}

cleanup() {  # whatever happens to this script: nothing of a round stays behind
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    echo "restart-check: stopping run.sh (pid $pid)" >&2
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 "$STOP_TIMEOUT"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  [[ -n "$(domain_pids)" ]] && bash "$SERVER_CONFIG_DIR/bin/stop-domain.sh"
  local g; for g in $(greenmail_pids); do kill "$g" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() { echo "restart-check: $*" >&2; exit 2; }

# ---- preconditions and preparation ------------------------------------------------------------
command -v curl >/dev/null || fail "curl is needed"
command -v ss >/dev/null || fail "ss (iproute2) is needed"
for port in $PORTS; do
  listening "$port" && fail "port $port is in use; stop what runs there first (the domain: server-config/bin/stop-domain.sh)"
done
[[ -z "$(domain_pids)" ]] || fail "domain $DOMAIN is running; stop it first (server-config/bin/stop-domain.sh)"
[[ -z "$(greenmail_pids)" ]] || fail "a GreenMail of this checkout is running (pid $(greenmail_pids)); stop it first"
mkdir -p "$WORK"
rm -f "$WORK"/round-*.log
bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh" --recreate >"$WORK/prepare.log" 2>&1 \
  || fail "could not recreate database $DB_NAME: $(cat "$WORK/prepare.log")"
if [[ -d "$DOMAIN_DIR/logs" ]] && compgen -G "$DOMAIN_DIR/logs/server.log*" >/dev/null; then
  aside="$DOMAIN_DIR/logs/before-restart-check-$(date +%Y%m%dT%H%M%S)"
  mkdir -p "$aside" && mv "$DOMAIN_DIR"/logs/server.log* "$aside"/
  echo "restart-check: server logs moved to ${aside#$PROJECT_DIR/}"
fi
echo "restart-check: domain $DOMAIN ($( [[ -d "$DOMAIN_DIR" ]] && echo existing || echo "new: created by round 1")), database $DB_NAME (fresh), run.sh output in ${WORK#$PROJECT_DIR/}/"

join() { local IFS=$'\x1f'; local s="$*"; echo "${s//$'\x1f'/, }"; }

# ---- one round --------------------------------------------------------------------------------
# server log lines (current and rotated files) stamped at or after $1 (local time, as Payara writes it)
log_since() {
  cat "$DOMAIN_DIR"/logs/server.log_* "$DOMAIN_DIR/logs/server.log" 2>/dev/null \
    | awk -v since="$1" 'match($0, /"Timestamp":"[^"]*"/) { if (substr($0, RSTART + 13, 19) >= since) print }'
}

# the early rounds' moments, from the server log lines of this round (since $since)
ejb_lines() { log_since "$since" | grep -c 'Portable JNDI names for EJB ApiKeyBootstrap'; }
in_phase() {
  case "$1" in
    booting)   log_since "$since" | grep -q 'Running Payara Version' ;;            # JVM up, not ready
    loading)   [[ "$(ejb_lines)" -ge 1 ]] && ! grep -q 'deploying notification-ear' "$out" ;;  # old EAR
    deploying) grep -q 'deploying notification-ear' "$out" || return 1                 # new EAR
               [[ -n "$ejbs_before_deploy" ]] || ejbs_before_deploy="$(ejb_lines)"
               [[ "$(ejb_lines)" -gt "$ejbs_before_deploy" ]] ;;
  esac
}

# round <n> <signal> <pid|group> <when: ready|booting|loading|deploying> <bootstrap: yes|no>
round() {
  local n=$1 sig=$2 target=$3 when=$4 bootstrap=$5
  local out="$WORK/round-$n.log" since problems=() info=() t0=$SECONDS t_up="" state code rid to body
  since="$(date +%Y-%m-%dT%H:%M:%S)"
  seen=()
  if [[ "$bootstrap" == yes ]]; then
    HERALD_BOOTSTRAP_ADMIN_KEY="$KEY" bash "$RUN" >"$out" 2>&1 &
  else
    env -u HERALD_BOOTSTRAP_ADMIN_KEY bash "$RUN" >"$out" 2>&1 &
  fi
  pid=$!

  # until the banner, or for an early round until its phase of the start-up is under way (seen in
  # the server log: the new JVM logs, the EAR deployed before is being loaded, the new one deployed)
  local deadline=$((SECONDS + START_TIMEOUT)) ejbs_before_deploy=""
  while :; do
    record
    grep -q 'Ctrl-C stops' "$out" && { state=banner; break; }
    kill -0 "$pid" 2>/dev/null || { state=exited; break; }
    (( SECONDS < deadline )) || { state=timeout; break; }
    if [[ "$when" != ready ]] && in_phase "$when"; then state=interrupted; break; fi
    sleep 0.5
  done
  if [[ "$state" == banner && "$when" == ready ]]; then
    t_up=$((SECONDS - t0))
    info+=("up ${t_up}s")
    grep -q 'Admin API key  hk_' "$out" && problems+=("a BOOTSTRAP key was found in the server log")
    for _ in $(seq 1 120); do
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$HTTP_PORT/health/ready")"
      [[ "$code" == 200 ]] && break
      sleep 1
    done
    [[ "$code" == 200 ]] || problems+=("/health/ready answered $code")
    code="$(curl -s -o "$WORK/response" -w '%{http_code}' --max-time 30 -X POST "$API/templates" -H "$AUTH" \
      -H 'Content-Type: application/json' \
      -d '{"code":"restart_check","subject":"Restart check round {{round}}","body_text":"Round {{round}} of the restart check."}')"
    [[ "$code" == 201 ]] || problems+=("POST /templates answered $code: $(head -c 200 "$WORK/response")")
    rid="restart-check-$RUN_ID-$n"
    to="restart-check-$RUN_ID-$n@example.com"
    code="$(curl -s -o "$WORK/response" -w '%{http_code}' --max-time 30 -X POST "$API/notifications" -H "$AUTH" \
      -H 'Content-Type: application/json' \
      -d "{\"notification_type\":\"email\",\"request_id\":\"$rid\",\"to\":\"$to\",\"template_code\":\"restart_check\",\"variables\":{\"round\":\"$n\"}}")"
    if [[ "$code" == 202 ]]; then
      info+=("POST 202")
      local t_sent=$SECONDS delivered=""
      while (( SECONDS - t_sent < DELIVERY_TIMEOUT )); do
        body="$(curl -s --max-time 10 "$API/notifications/$rid" -H "$AUTH")"
        [[ "$body" == *'"status":"DELIVERED"'* ]] && { delivered=yes; break; }
        sleep 1
      done
      if [[ -n "$delivered" ]]; then
        info+=("DELIVERED in $((SECONDS - t_sent))s")
        curl -s --max-time 10 "http://127.0.0.1:$GREENMAIL_API_PORT/api/user/$to/messages" | grep -q "Restart check round $n" \
          && info+=("mail received") || problems+=("no mail in GreenMail for $to")
      else
        problems+=("not DELIVERED after ${DELIVERY_TIMEOUT}s: ${body:0:200}")
      fi
    else
      problems+=("POST /notifications answered $code: $(head -c 200 "$WORK/response")")
    fi
    sleep 5
    record
    kill -0 "$pid" 2>/dev/null && info+=("still running 5s later") || problems+=("run.sh exited after its banner")
  elif [[ "$state" == interrupted ]]; then
    info+=("signal ${when} at $((SECONDS - t0))s (run.sh: $(grep '^\[server-config\]' "$out" | tail -n 1 | cut -c17-60))")
  elif [[ "$state" == banner ]]; then
    problems+=("the start-up ended before the phase '$when' was seen")
  else
    problems+=("no banner: run.sh $state after $((SECONDS - t0))s: $(grep -v '^\s*$' "$out" | tail -n 3 | tr '\n' ' ' | cut -c1-300)")
  fi

  # the signal, and what must follow
  local t_sig="" rc=""
  if kill -0 "$pid" 2>/dev/null; then
    t_sig=$SECONDS
    if [[ "$target" == group ]]; then kill -s "$sig" -- "-$pid"; else kill -s "$sig" "$pid"; fi
    while kill -0 "$pid" 2>/dev/null && (( SECONDS - t_sig < STOP_TIMEOUT )); do record; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      problems+=("run.sh still running ${STOP_TIMEOUT}s after SIG$sig")
      cleanup   # so that the next round starts from nothing
    fi
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"; rc=$?
    [[ -n "$t_sig" ]] && info+=("SIG$sig: exit $rc after $((SECONDS - t_sig))s")
  fi

  local port open=""
  for port in $PORTS; do listening "$port" && open+=" $port"; done
  [[ -z "$open" ]] && info+=("ports closed") || problems+=("still listening:$open")
  local id left=()
  for id in "${!seen[@]}"; do still_alive "$id" && left+=("${id%%:*} ${seen[$id]}"); done
  local group="" p; for p in $(pgrep -g "$pid" 2>/dev/null); do alive "$p" && group+="$p "; done
  [[ -n "$group" ]] && left+=("in run.sh's process group: $group")
  [[ -n "$(domain_pids)" ]] && left+=("domain JVM $(domain_pids | tr '\n' ' ')")
  [[ -n "$(greenmail_pids)" ]] && left+=("GreenMail $(greenmail_pids | tr '\n' ' ')")
  if [[ ${#left[@]} -eq 0 ]]; then
    info+=("no process left (${#seen[@]} recorded)")
  else
    problems+=("left running: $(printf '%s; ' "${left[@]}")")
  fi
  if [[ "$when" == ready ]]; then
    local race; race="$(log_since "$since" | grep -Eo "$RACE_ERRORS" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
    [[ -z "$race" ]] && info+=("server log clean") || problems+=("server log:$race")
  fi
  pid=""

  local label="$sig"; [[ "$target" == group ]] && label+="(group)"
  [[ "$bootstrap" == yes ]] && label+=" +BOOTSTRAP_KEY"
  [[ "$when" != ready ]] && label+=" during $when"
  if [[ ${#problems[@]} -eq 0 ]]; then
    printf 'round %-2s %-25s OK    %s\n' "$n" "$label" "$(join "${info[@]}")"
    return 0
  fi
  printf 'round %-2s %-25s FAIL  %s | %s\n' "$n" "$label" "$(printf '%s; ' "${problems[@]}")" "$(join "${info[@]}")"
  return 1
}

# ---- the rounds -------------------------------------------------------------------------------
passed=0 failed=0 n=0
tally() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }
n=$((n + 1)); tally round "$n" TERM pid ready yes
for i in $(seq 1 "$ROUNDS"); do
  n=$((n + 1))
  if (( i % 2 == 1 )); then
    if (( i % 4 == 3 )); then tally round "$n" INT pid ready no; else tally round "$n" INT group ready no; fi
  else
    tally round "$n" TERM pid ready no
  fi
done
if [[ "$EARLY" == 1 ]]; then
  n=$((n + 1)); tally round "$n" TERM pid booting no
  n=$((n + 1)); tally round "$n" INT group loading no
  n=$((n + 1)); tally round "$n" TERM pid deploying no
fi
echo "restart-check: $n rounds on domain $DOMAIN: $passed passed, $failed failed"
(( failed == 0 ))
