# Helpers shared by the benchmark scripts (run-bench.sh, run-cluster-bench.sh); sourced after
# env.sh, with OUT set to the run's output directory.

OTHERS_SEEN=""
# other Payara domains share the 2 cores: remember every one seen during the run for the report
# (OUR_DOMAINS_RE: the run's own domains, as an extended regex; default $DOMAIN)
check_others() {
  local o
  o="$(pgrep -fa ASMain | grep -Ev "domains/(${OUR_DOMAINS_RE:-$DOMAIN})/" | grep -o 'domains/[^/ ]*' | sed 's#domains/##' || true)"
  local d
  for d in $o; do
    if [[ ",$OTHERS_SEEN," != *",$d,"* ]]; then
      OTHERS_SEEN="${OTHERS_SEEN:+$OTHERS_SEEN,}$d"
      note "WARNING: Payara domain $d (not ours) is running (seen before: ${CURRENT_STEP:-start}); it shares the CPU"
      echo "other Payara domain $d running, first seen before step: ${CURRENT_STEP:-start}" >>"$OUT/warnings.txt"
    fi
  done
  return 0
}

psql_app() { psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -qAt -v ON_ERROR_STOP=1 "$@"; }
psql_super() {
  if psql -h "$DB_HOST" -p "$DB_PORT" -U "$PG_SUPERUSER" -d postgres -qAt -c 'select 1' >/dev/null 2>&1; then
    psql -h "$DB_HOST" -p "$DB_PORT" -U "$PG_SUPERUSER" -qAt -v ON_ERROR_STOP=1 "$@"
  else
    runuser -u postgres -- psql -p "$DB_PORT" -qAt -v ON_ERROR_STOP=1 "$@"
  fi
}

step() { check_others; CURRENT_STEP="$*"; printf '\n[bench] == %s\n' "$*" >&2; }
note() { printf '[bench] %s\n' "$*" >&2; }
calc() { awk "BEGIN { printf \"%s\", $* }"; }                       # calc '1/3' -> awk arithmetic
fmt() { awk -v v="$1" -v d="${2:-0}" 'BEGIN { printf "%.*f", d, v }'; }
field() { grep -o " $1=[^ ]*" <<<"$2" | head -n 1 | cut -d= -f2; }   # field NAME "RESULT ..." line
now_s() { date +%s.%N; }

# refuses to start a listener on a port something else (e.g. a leftover sink) already holds
require_free() { if port_open "$1"; then die "127.0.0.1:$1 ($2) is already in use; stop what listens there (ss -ltnp | grep :$1)"; fi; }
# waits until a TCP port on 127.0.0.1 accepts connections (bounded)
wait_port() {
  local port=$1 what=$2
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  die "$what did not listen on 127.0.0.1:$port"
}

# Builds the EAR (and provisions Payara) when it is missing or older than a source, unless
# SKIP_BUILD=1; sets EAR.
build_if_stale() {
  EAR="$PROJECT_DIR/notification-ear/target/notification.ear"
  if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
    local stale=""
    if [[ ! -f "$EAR" || ! -x "$ASADMIN" ]]; then
      stale=yes
    else
      stale="$(cd "$PROJECT_DIR" && find domain notification-* server-config pom.xml -newer "$EAR" -type f \
        \( -path '*/src/main/*' -o -name pom.xml \) -print -quit 2>/dev/null)"
    fi
    if [[ -n "$stale" ]]; then
      step "building (./mvnw -q -B install -DskipTests)"
      (cd "$PROJECT_DIR" && ./mvnw -q -B install -DskipTests)
    fi
  fi
  [[ -f "$EAR" ]] || die "no $EAR; build with ./mvnw install -DskipTests"
  require_payara
}

# Postfix's smtp-sink and smtp-source, installed from Debian when missing (the daemon left off)
require_smtp_sink() {
  if ! command -v smtp-sink >/dev/null && [[ ! -x /usr/sbin/smtp-sink ]]; then
    step "installing postfix (for smtp-sink / smtp-source)"
    [[ $EUID -eq 0 ]] || die "smtp-sink is missing: sudo apt-get install -y postfix (then stop the postfix daemon)"
    # "No configuration": the package installs without a main.cf, so the daemon has nothing to run
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >"$OUT/apt-postfix.log" 2>&1 \
      || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >"$OUT/apt-postfix.log" 2>&1; } \
      || die "apt-get install postfix failed; see $OUT/apt-postfix.log"
    postfix status >/dev/null 2>&1 && postfix stop >/dev/null 2>&1 || true
    command -v systemctl >/dev/null && systemctl disable --now postfix >/dev/null 2>&1 || true
    command -v update-rc.d >/dev/null && update-rc.d postfix disable >/dev/null 2>&1 || true
  fi
  PATH="$PATH:/usr/sbin"
  if postfix status >/dev/null 2>&1; then
    note "note: a postfix daemon is running (not started by us); it does not use our ports"
  fi
  sink_user=(); [[ $EUID -eq 0 ]] && sink_user=(-u nobody)   # smtp-sink refuses to run as root without -u
  return 0
}

# messages an smtp-sink has received so far ("sess=.. quit=.. mesg=N" after each '.'), from its output file
sink_count_in() {
  local n; n="$(tail -c 300 "$1" | tr '\r' '\n' | grep -o 'mesg=[0-9]*' | tail -n 1 | cut -d= -f2)"
  echo "${n:-0}"
}

# The SMTP ceiling of this machine: smtp-source -> a second smtp-sink on port $1 with $2 reused
# connections, $3 messages of $4 bytes. Prints messages per second.
smtp_ceiling() {
  local port=$1 sessions=$2 messages=$3 bytes=$4 t0 t1 received
  require_free "$port" "ceiling smtp-sink"
  smtp-sink -c "${sink_user[@]}" "127.0.0.1:$port" 1024 >"$OUT/ceiling-sink.out" 2>&1 &
  ceiling_sink_pid=$!
  wait_port "$port" "ceiling smtp-sink"
  t0="$(now_s)"
  timeout 600 smtp-source -d -s "$sessions" -m "$messages" -l "$bytes" \
    -f noreply@herald.local -t sink@example.com "127.0.0.1:$port" >"$OUT/smtp-source.log" 2>&1 \
    || { kill "$ceiling_sink_pid" 2>/dev/null; die "smtp-source failed: $(tail -n 3 "$OUT/smtp-source.log")"; }
  t1="$(now_s)"
  sleep 0.2   # let the sink print its last counter line (the sink counts on '.', before QUIT)
  received="$(sink_count_in "$OUT/ceiling-sink.out")"
  kill "$ceiling_sink_pid" 2>/dev/null || true; wait "$ceiling_sink_pid" 2>/dev/null || true; ceiling_sink_pid=""
  note "smtp-source -> smtp-sink: $(fmt "$(calc "$messages / ($t1 - $t0)")") msg/s (sink counted $received)"
  calc "$messages / ($t1 - $t0)"
}

# A scratch database with the service's schema, for the pgbench ceiling
prepare_ceiling_db() {
  psql_super -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\" OWNER \"$DB_USER\"" >/dev/null
  # in version order (V2 before V10), as Flyway applies them
  printf '%s\n' "$PROJECT_DIR"/notification-ejb/src/main/resources/db/migration/V*.sql | sort -V | xargs cat \
    | psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$1" -qAt -v ON_ERROR_STOP=1 >/dev/null
}

# The database ceiling of acceptance: pgbench runs the accept transaction's inserts under 2PC
# (accept-2pc.sql) in database $1 with $2 clients for $3 seconds, logging to $4. Prints TPS.
pgbench_2pc() {
  local db=$1 clients=$2 seconds=$3 log=$4
  pgbench -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -n -f "$BENCH_DIR/accept-2pc.sql" -c "$clients" -j "$(( clients < 2 ? clients : 2 ))" \
    -T "$seconds" "$db" >"$log" 2>&1 || die "pgbench failed; see $log"
  grep -o 'tps = [0-9.]*' "$log" | head -n 1 | cut -d' ' -f3
}

# the broker's admin commands (IMQ_BROKER_PORT: an external broker's port; default the domain's own)
imq() {
  local pass="$OUT/imq.pass"
  [[ -f "$pass" ]] || echo "imq.imqcmd.password=admin" >"$pass"
  "$PAYARA_HOME/mq/bin/imqcmd" -b "127.0.0.1:${IMQ_BROKER_PORT:-$JMS_PORT}" -u admin -passfile "$pass" -f -s "$@"
}
# pauses the email consumers (PAUSE_DELIVERY=1) for an accept-only run; delivery_paused tells whether it did
delivery_paused=0
pause_delivery() {
  if [[ "$PAUSE_DELIVERY" == "1" ]] && imq pause dst -t q -n NotificationEmailQueue -pst CONSUMERS >>"$OUT/imqcmd.log" 2>&1; then
    delivery_paused=1
  else
    delivery_paused=0
  fi
}
resume_delivery() {
  imq resume dst -t q -n NotificationEmailQueue >>"$OUT/imqcmd.log" 2>&1 || note "WARNING: resuming the email queue failed (see imqcmd.log)"
}

pending_and_failed() {
  psql_app -F ' ' -c "select count(*) filter (where status not in ('DELIVERED','FAILED','SUPPRESSED','SKIPPED')),
                             count(*) filter (where status = 'FAILED') from email_log"
}
# waits until every accepted notification is in a terminal state (bounded by DRAIN_TIMEOUT)
drain() {
  local label=$1 start=$SECONDS last=-1 pending failed
  while :; do
    read -r pending failed < <(pending_and_failed)
    (( pending == 0 )) && break
    if (( SECONDS - start >= DRAIN_TIMEOUT )); then
      note "WARNING: $label: $pending notifications still pending after ${DRAIN_TIMEOUT}s; continuing"
      echo "$label: $pending still pending after ${DRAIN_TIMEOUT}s" >>"$OUT/warnings.txt"
      return 0
    fi
    if (( (SECONDS - start) / 10 != last )); then
      last=$(( (SECONDS - start) / 10 ))
      note "$label: waiting for $pending pending notification(s) to be delivered (sink: $(sink_count))"
    fi
    sleep 0.5
  done
  (( failed > 0 )) && note "WARNING: $failed notification(s) FAILED so far"
  return 0
}

loadgen() {  # loadgen LOGNAME MODE ARGS... ; prints the RESULT line
  local name=$1; shift
  # shellcheck disable=SC2086
  java $LOADGEN_JAVA_OPTS -cp "$OUT/classes" LoadGen "$@" --url "$BASE_URL" --key "$KEY" --template "$TEMPLATE" \
    >"$OUT/$name.out" 2> >(tee "$OUT/$name.log" >&2) || die "load generator failed ($name); see $OUT/$name.log"
  grep '^RESULT' "$OUT/$name.out" | tail -n 1
}

# CPU clock ticks (user + system) used so far by these processes
cpu_of() { local t=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$(( t + $(awk '{print $14 + $15}' /proc/$p/stat) )); done; echo "$t"; }
