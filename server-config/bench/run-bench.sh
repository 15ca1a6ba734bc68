#!/usr/bin/env bash
# Benchmark harness (issue 5). One command: builds if needed, starts its own Payara domain
# (notification-bench, port base 30000: http 30080, admin 30048, jms 30076), its own database
# (notification_bench, recreated) and Postfix's smtp-sink on 127.0.0.1:30025, then measures in
# one run and prints ONE table (also written to target/bench/results.md):
#   - the ceilings: pgbench 2PC inserts (same rows as the accept transaction, PREPARE
#     TRANSACTION + COMMIT PREPARED) at each concurrency; smtp-source -> smtp-sink, reused
#     connections
#   - accepted/s and API p50/p95/p99 at each concurrency (closed loop), as ratios of the 2PC ceiling
#   - API latency at a fixed open-loop rate (coordinated-omission free)
#   - end-to-end delivered/s (acceptance and delivery together), as a ratio of the SMTP ceiling
#   - idle accept -> SMTP 250 latency, heap and RSS at the end, the status query's plan
# Everything is stopped on exit (domain and sinks). Never touches other domains or databases.
#
# Usage: server-config/bench/run-bench.sh             (~12-15 min)
#        QUICK=1 server-config/bench/run-bench.sh     (~4-6 min, for development)
# Knobs (environment): see the "settings" block below and README.md, section Benchmark.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# ---- settings ---------------------------------------------------------------------------------
QUICK="${QUICK:-0}"
if [[ "$QUICK" == "1" ]]; then q=1; else q=0; fi
pick() { if (( q )); then echo "$2"; else echo "$1"; fi; }   # pick FULL QUICK
CONCURRENCIES="${CONCURRENCIES:-1 8 32 64}"
PHASE_SECONDS="${PHASE_SECONDS:-$(pick 15 5)}"         # each closed-loop accept run
WARMUP_MAX_SECONDS="${WARMUP_MAX_SECONDS:-$(pick 180 60)}"  # JIT warm-up: 10 s rounds until the rate is stable, at most this long
WARMUP_MIN_ROUNDS="${WARMUP_MIN_ROUNDS:-$(pick 4 2)}"
PGBENCH_SECONDS="${PGBENCH_SECONDS:-$(pick 10 5)}"     # each pgbench ceiling run
OPEN_RATE="${OPEN_RATE:-1000}"                         # open-loop requests per second
OPEN_SECONDS="${OPEN_SECONDS:-$(pick 20 8)}"
OPEN_THREADS="${OPEN_THREADS:-128}"                    # sender threads of the open-loop generator
OPEN_MAX_OVERRUN="${OPEN_MAX_OVERRUN:-$(pick 20 10)}"  # seconds past the schedule before unsent requests are dropped
E2E_COUNT="${E2E_COUNT:-$(pick 100000 10000)}"         # notifications in the end-to-end run
E2E_CONCURRENCY="${E2E_CONCURRENCY:-32}"
E2E_MAX_SECONDS="${E2E_MAX_SECONDS:-$(pick 360 90)}"   # stop sending after this long even if E2E_COUNT is not reached
IDLE_COUNT="${IDLE_COUNT:-$(pick 100 30)}"             # sequential notifications, idle latency
IDLE_PAUSE_MS="${IDLE_PAUSE_MS:-50}"
SMTP_CEILING_MESSAGES="${SMTP_CEILING_MESSAGES:-$(pick 100000 20000)}"
SMTP_CEILING_SESSIONS="${SMTP_CEILING_SESSIONS:-16}"   # = the email MDB's max-pool-size
MESSAGE_BYTES="${MESSAGE_BYTES:-1000}"                 # smtp-source payload, about one rendered email
PAUSE_DELIVERY="${PAUSE_DELIVERY:-1}"                  # 1: pause the email consumers during the accept-only runs
JFR="${JFR:-1}"                                        # 1: JFR recording of the end-to-end run + hot methods
BATCH_SIZE="${BATCH_SIZE:-$(pick 100000 20000)}"        # recipients of the batch phase (the API's maximum)
BATCH_ONLY="${BATCH_ONLY:-0}"                          # 1: only the SMTP ceiling and the batch phase (after a warm-up batch)
BATCH_WARMUP="${BATCH_WARMUP:-$(pick 100000 20000)}"   # recipients of the unmeasured warm-up batch before the measured one (0: none);
                                                       # the chunk path's JIT compilation otherwise takes a third of the server's CPU
BATCH_POLL_SECONDS="${BATCH_POLL_SECONDS:-1}"          # how often the batch's progress is read while it is delivered
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-900}"                  # max seconds to wait for a backlog to be delivered
SKIP_BUILD="${SKIP_BUILD:-0}"                          # 1: never build (use the existing EAR)
LOADGEN_JAVA_OPTS="${LOADGEN_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx512m -XX:TieredStopAtLevel=1}"

export DOMAIN=notification-bench PORTBASE="${BENCH_PORTBASE:-30000}" DB_NAME="${BENCH_DB:-notification_bench}"
export SMTP_HOST=127.0.0.1 SMTP_PORT="${BENCH_SMTP_PORT:-$((PORTBASE + 25))}" SMTP_USER="" SMTP_PASSWORD="" SMTP_STARTTLS=false
CEILING_SMTP_PORT="${CEILING_SMTP_PORT:-$((PORTBASE + 26))}"
CEILING_DB="${DB_NAME}_ceiling"
# fresh database: the server registers this as its bootstrap admin key (hk_<8>_<43>)
export HERALD_BOOTSTRAP_ADMIN_KEY="hk_benchrun_$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"
source "$BENCH_DIR/../bin/env.sh"
source "$BENCH_DIR/bench-lib.sh"

OUT="${OUT_DIR:-$PROJECT_DIR/target/bench}"
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
BASE_URL="http://127.0.0.1:$HTTP_PORT"
API="$BASE_URL/api/v1"
KEY="$HERALD_BOOTSTRAP_ADMIN_KEY"
AUTH="Authorization: Bearer $KEY"
TEMPLATE=bench_email
export PGPASSWORD="$DB_PASSWORD" PGOPTIONS="-c client_min_messages=warning"

mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/*.out "$OUT"/*.txt "$OUT"/*.jfr "$OUT"/jfr-top.md "$OUT"/results.md
sink_pid="" ceiling_sink_pid="" domain_ours=0
cleanup() {
  local rc=$?
  [[ -n "$ceiling_sink_pid" ]] && kill "$ceiling_sink_pid" 2>/dev/null || true
  # only a domain this run started: never one that merely uses the same name and ports
  if (( domain_ours )); then "$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true; fi
  [[ -n "$sink_pid" ]] && kill "$sink_pid" 2>/dev/null || true
  (( rc == 0 )) || note "FAILED (exit $rc); logs in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---- 0. preconditions -------------------------------------------------------------------------
step "preconditions"
# one benchmark at a time on this machine, whichever worktree it runs from: two runs would share
# ports and the database, and each would distort the other's numbers
exec 9>"${BENCH_LOCK:-/tmp/herald-bench.lock}"
flock -n 9 || die "another benchmark run holds ${BENCH_LOCK:-/tmp/herald-bench.lock}; wait for it to finish"
# ...including runs of an older copy of this script that takes no lock: refuse to touch the
# database or any port while something that is not our own domain holds one of our ports
OUR_DOMAIN_DIR="$PAYARA_HOME/glassfish/domains/$DOMAIN"
for port in "$HTTP_PORT" "$ADMIN_PORT" "$JMS_PORT" "$SMTP_PORT" "$CEILING_SMTP_PORT"; do
  port_open "$port" || continue
  holder="$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)"
  if [[ -n "$holder" ]] && tr '\0' ' ' <"/proc/$holder/cmdline" 2>/dev/null | grep -q -- "instanceRoot=$OUR_DOMAIN_DIR "; then
    note "our domain $DOMAIN is still running from an earlier run; stopping it"
    "$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
    continue
  fi
  die "127.0.0.1:$port is held by pid ${holder:-?} ($(tr '\0' ' ' <"/proc/${holder:-0}/cmdline" 2>/dev/null | cut -c1-120)): another benchmark (another worktree?) or service; not touching anything"
done
for db in "$DB_NAME" "$CEILING_DB"; do
  users="$(psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -qAt -c "select count(*) from pg_stat_activity where datname = '$db'" 2>/dev/null || echo 0)"
  [[ "${users:-0}" == "0" ]] || die "database $db has $users open connection(s) from someone else; not recreating it"
done
for tool in java javac jcmd jfr psql pgbench curl awk ss flock; do
  command -v "$tool" >/dev/null || die "$tool is required (JDK 17 and postgresql-client)"
done
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
note "load average before the run: $load_before"

# ---- 1. build, PostgreSQL, smtp-sink ----------------------------------------------------------
build_if_stale

require_smtp_sink

step "PostgreSQL ($DB_NAME, recreated) and the pgbench scratch database ($CEILING_DB)"
bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh" --recreate
prepare_ceiling_db "$CEILING_DB"
max_prepared="$(psql_app -c 'show max_prepared_transactions')"

step "smtp-sink on 127.0.0.1:$SMTP_PORT (counting messages)"
require_free "$SMTP_PORT" "smtp-sink"
smtp-sink -c "${sink_user[@]}" "127.0.0.1:$SMTP_PORT" 1024 >"$OUT/smtp-sink.out" 2>"$OUT/smtp-sink.err" &
sink_pid=$!
wait_port "$SMTP_PORT" smtp-sink
kill -0 "$sink_pid" 2>/dev/null || die "smtp-sink exited: $(cat "$OUT/smtp-sink.err")"
sink_count() { sink_count_in "$OUT/smtp-sink.out"; }  # messages the service's sink received so far

# ---- 2. the domain ----------------------------------------------------------------------------
step "Payara domain $DOMAIN (port base $PORTBASE), fresh"
"$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
require_free "$HTTP_PORT" "the bench domain's HTTP port"
require_free "$ADMIN_PORT" "the bench domain's admin port"
if [[ -d "$PAYARA_HOME/glassfish/domains/$DOMAIN" ]]; then
  "$ASADMIN" --interactive=false delete-domain "$DOMAIN" >/dev/null
fi
domain_ours=1
bash "$SERVER_CONFIG_DIR/bin/configure-domain.sh"
# experiments: extra JVM options for the server, e.g. BENCH_JVM_OPTS="-Dcom.sun.appserv.transaction.nofdsync=true"
for opt in ${BENCH_JVM_OPTS:-}; do
  asadmin create-jvm-options "$opt" >/dev/null
  note "server JVM option for this run: $opt"
done
asadmin restart-domain "$DOMAIN" >/dev/null
note "deploying $EAR"
asadmin deploy --force=true --name notification "$EAR" >/dev/null
ready=""
for _ in $(seq 1 240); do
  if curl -fs -o /dev/null --max-time 5 "$BASE_URL/health/ready"; then ready=yes; break; fi
  sleep 0.5
done
[[ -n "$ready" ]] || die "the service did not become ready at $BASE_URL/health/ready"
code="$(curl -s -o "$OUT/template.json" -w '%{http_code}' -X POST "$API/templates" -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"code\":\"$TEMPLATE\",\"language\":\"en\",\"subject\":\"Benchmark {{i}}\",\"body_html\":\"<p>Hello, this is benchmark message <b>{{i}}</b>.</p><p>Regards, Herald</p>\",\"body_text\":\"Hello, this is benchmark message {{i}}. Regards, Herald\"}")"
[[ "$code" == "201" ]] || die "creating the template answered $code: $(cat "$OUT/template.json")"
# the load generator must measure the service, not its rate limiter: give the bench key a bucket
# far above what this machine can reach (the limiter still runs on every request)
code="$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$API/admin/api-keys/${KEY:0:11}/rate-limit" -H "$AUTH" \
  -H 'Content-Type: application/json' -d '{"per_second":100000,"burst":100000}')"
[[ "$code" == "200" ]] || die "raising the bench key's rate limit answered $code"
server_pid="$(pgrep -f "domains/$DOMAIN/config" | head -n 1)"
[[ -n "$server_pid" ]] || die "cannot find the server process of $DOMAIN"
note "server pid $server_pid"

# the settings that bound throughput, recorded next to the numbers
http_threads="$(asadmin get 'configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size' 2>/dev/null | grep -o '=.*' | tr -d = || true)"
jdbc_max="$(asadmin get 'resources.jdbc-connection-pool.NotificationPool.max-pool-size' 2>/dev/null | grep -o '=.*' | tr -d = || true)"
batch_mdb_max="$(grep -A6 '<ejb-name>BatchChunkConsumer' "$PROJECT_DIR/notification-mdb/src/main/resources/META-INF/glassfish-ejb-jar.xml" | grep -o '<max-pool-size>[0-9]*' | grep -o '[0-9]*' || true)"
mdb_max="$(grep -A4 '<ejb-name>EmailDeliveryConsumer' "$PROJECT_DIR/notification-mdb/src/main/resources/META-INF/glassfish-ejb-jar.xml" | grep -o '<max-pool-size>[0-9]*' | grep -o '[0-9]*' || true)"
xmx="$(asadmin list-jvm-options 2>/dev/null | grep -o -- '-Xmx[0-9a-zA-Z]*' | head -n 1 || true)"

# ---- helpers that need the server -------------------------------------------------------------

step "compiling the load generator and JFR summariser"
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" "$BENCH_DIR/LoadGen.java" "$BENCH_DIR/JfrTop.java"

# ---- 3. ceiling: smtp-source -> smtp-sink -----------------------------------------------------
step "SMTP ceiling: smtp-source -> smtp-sink, $SMTP_CEILING_SESSIONS reused connections, $SMTP_CEILING_MESSAGES messages of $MESSAGE_BYTES bytes"
smtp_ceiling="$(smtp_ceiling "$CEILING_SMTP_PORT" "$SMTP_CEILING_SESSIONS" "$SMTP_CEILING_MESSAGES" "$MESSAGE_BYTES")"

if [[ "$BATCH_ONLY" != "1" ]]; then
# ---- 4. warm-up -------------------------------------------------------------------------------
# the JIT needs minutes on 2 cores shared with everything else: 10 s rounds (acceptance and
# delivery together) until two consecutive rounds differ by less than 10 %, bounded
step "warm-up: 10 s rounds at concurrency 16 until the rate is stable (at most ${WARMUP_MAX_SECONDS}s; not reported)"
warm_prev=0 warm_round=0 warm_start=$SECONDS warm_rates=""
while :; do
  warm_round=$((warm_round + 1))
  r="$(loadgen "warmup-$warm_round" closed --prefix "warm$warm_round-$RUN_ID" --concurrency 16 --duration 10)"
  rate="$(field rps "$r")"; warm_rates="$warm_rates $(fmt "$rate")"
  note "warm-up round $warm_round: $(fmt "$rate") accepted/s"
  if (( warm_round >= WARMUP_MIN_ROUNDS )) && [[ "$(calc "($warm_prev > 0 && $rate < 1.1 * $warm_prev && $rate > 0.9 * $warm_prev) ? 1 : 0")" == 1 ]]; then
    break
  fi
  if (( SECONDS - warm_start + 10 > WARMUP_MAX_SECONDS )); then
    note "warm-up: rate not yet stable after $((SECONDS - warm_start)) s; measuring anyway"
    echo "warm-up did not reach a stable rate within ${WARMUP_MAX_SECONDS}s (rounds:$warm_rates /s)" >>"$OUT/warnings.txt"
    break
  fi
  warm_prev="$rate"
done
drain warm-up

# ---- 5. accept throughput and latency vs the 2PC ceiling ---------------------------------------
declare -A PGB_TPS PGB_NOTE ACC
for c in $CONCURRENCIES; do
  clients=$c pnote=""
  if (( c > max_prepared - 8 )); then    # leave room for other databases' prepared transactions
    clients=$(( max_prepared - 8 )); pnote=" (${clients} clients: max_prepared_transactions=$max_prepared)"
  fi
  step "ceiling: pgbench 2PC insert, $clients clients, ${PGBENCH_SECONDS}s"
  PGB_TPS[$c]="$(pgbench_2pc "$CEILING_DB" "$clients" "$PGBENCH_SECONDS" "$OUT/pgbench-c$c.log")"
  failed_tx="$(grep -o 'number of failed transactions: [0-9]*' "$OUT/pgbench-c$c.log" | grep -o '[0-9]*$' || echo 0)"
  grep -q 'aborted' "$OUT/pgbench-c$c.log" && pnote="$pnote (clients aborted, see pgbench-c$c.log)"
  (( ${failed_tx:-0} > 0 )) && pnote="$pnote ($failed_tx failed)"
  PGB_NOTE[$c]="$pnote"
  note "pgbench 2PC at $clients clients: ${PGB_TPS[$c]} TPS$pnote"

  pause_delivery
  step "accept: closed loop, concurrency $c, ${PHASE_SECONDS}s (email consumers $( ((delivery_paused)) && echo paused || echo running))"
  ACC[$c]="$(loadgen "accept-c$c" closed --prefix "c$c-$RUN_ID" --concurrency "$c" --duration "$PHASE_SECONDS")"
  ACC[$c]="${ACC[$c]} paused=$delivery_paused"
  note "${ACC[$c]}"
  (( delivery_paused )) && resume_delivery
  drain "after concurrency $c"
done
psql_super -d postgres -c "DROP DATABASE IF EXISTS \"$CEILING_DB\" WITH (FORCE)" >/dev/null || true

# ---- 6. open loop -----------------------------------------------------------------------------
step "open loop: $OPEN_RATE req/s for ${OPEN_SECONDS}s (delivery running), latency from the intended send time"
OPEN="$(loadgen open open --prefix "open-$RUN_ID" --rate "$OPEN_RATE" --duration "$OPEN_SECONDS" --threads "$OPEN_THREADS" \
  --max-overrun "$OPEN_MAX_OVERRUN")"
note "$OPEN"
drain "after the open-loop run"

# ---- 7. idle accept -> SMTP 250 ---------------------------------------------------------------
step "idle latency: $IDLE_COUNT notifications one at a time (each after the previous one was delivered)"
IDLE="$(loadgen idle idle --prefix "idle-$RUN_ID" --count "$IDLE_COUNT" --pause-ms "$IDLE_PAUSE_MS")"
read -r idle_n idle_p50 idle_p90 idle_p99 idle_max < <(psql_app -F ' ' -c "
  with d as (
    select extract(epoch from (e.occurred_at - l.created_at)) * 1000 as ms
    from email_log l join delivery_event e on e.email_log_id = l.id and e.type = 'DELIVERED'
    where l.request_id like 'idle-$RUN_ID-%')
  select count(*), round(percentile_cont(0.5) within group (order by ms)::numeric, 1),
         round(percentile_cont(0.9) within group (order by ms)::numeric, 1),
         round(percentile_cont(0.99) within group (order by ms)::numeric, 1), round(max(ms)::numeric, 1) from d")
note "idle accept -> SMTP 250 (database timestamps, n=$idle_n): p50 $idle_p50 ms, p90 $idle_p90 ms, p99 $idle_p99 ms, max $idle_max ms"

# ---- 8. end to end ----------------------------------------------------------------------------
step "end to end: $E2E_COUNT notifications (at most ${E2E_MAX_SECONDS}s of sending) at concurrency $E2E_CONCURRENCY, acceptance and delivery together"
sink_before="$(sink_count)"
if [[ "$JFR" == "1" ]]; then
  jcmd "$server_pid" JFR.start name=bench settings=profile filename="$OUT/e2e.jfr" >"$OUT/jfr-start.log" 2>&1 \
    || { note "WARNING: JFR.start failed (see jfr-start.log); continuing without a profile"; JFR=0; }
fi
E2E="$(loadgen e2e closed --prefix "e2e-$RUN_ID" --concurrency "$E2E_CONCURRENCY" --count "$E2E_COUNT" --duration "$E2E_MAX_SECONDS")"
note "$E2E"
drain "end to end"
if [[ "$JFR" == "1" ]]; then
  jcmd "$server_pid" JFR.stop name=bench >"$OUT/jfr-stop.log" 2>&1 || note "WARNING: JFR.stop failed"
fi
sink_after="$(sink_count)"
e2e_start_ms="$(field start_epoch_ms "$E2E")"
read -r e2e_delivered e2e_failed e2e_last_epoch < <(psql_app -F ' ' -c "
  select count(*) filter (where status = 'DELIVERED'), count(*) filter (where status = 'FAILED'),
         coalesce(extract(epoch from max(delivered_at)), 0)
  from email_log where request_id like 'e2e-$RUN_ID-%'")
e2e_secs="$(calc "$e2e_last_epoch - $e2e_start_ms / 1000")"
e2e_rate="$(calc "($e2e_secs > 0) ? $e2e_delivered / $e2e_secs : 0")"
e2e_sink=$(( sink_after - sink_before ))
note "end to end: $e2e_delivered delivered in $(fmt "$e2e_secs" 1) s = $(fmt "$e2e_rate") /s; sink received $e2e_sink"

else
  warm_round=0 warm_rates=" (none: BATCH_ONLY)"
fi

# ---- 8b. one batch of BATCH_SIZE recipients --------------------------------------------------
# accepted (202) in <= 10 s; delivered >= 1,500 /s into smtp-sink; heap <= 512 MB throughout
# (sampled every second with GC.heap_info from the POST until the batch is done)
batch_json() { # recipients, tag, file
  awk -v n="$1" -v run="$2" -v t="$TEMPLATE" 'BEGIN {
    printf "{\"template_code\":\"%s\",\"category\":\"bench\",\"variables\":{\"i\":\"batch\"},\"recipients\":[", t
    for (i = 0; i < n; i++) printf "%s{\"to\":\"b%d-%s@example.com\",\"variables\":{\"i\":%d}}", (i ? "," : ""), i, run, i
    printf "]}" }' >"$3"
}
wait_batch_done() { # batch id; 0 when it reached 100 %
  local _
  for _ in $(seq 1 $(( DRAIN_TIMEOUT / BATCH_POLL_SECONDS + 1 ))); do
    curl -s --max-time 10 -H "$AUTH" "$API/batches/$1" >"$OUT/batch-progress.json" || true
    if grep -q '"percent_done":100' "$OUT/batch-progress.json"; then return 0; fi
    sleep "$BATCH_POLL_SECONDS"
  done
  return 1
}
# CPU seconds (user + system) used so far by the server JVM, by all PostgreSQL processes, by smtp-sink
cpu_now() { echo "$(cpu_of "$server_pid") $(cpu_of $(pgrep -x postgres)) $(cpu_of $(pgrep -x smtp-sink))"; }
if (( BATCH_WARMUP > 0 )); then
  step "warm-up batch: $BATCH_WARMUP recipients (not reported)"
  batch_json "$BATCH_WARMUP" "warm-$RUN_ID" "$OUT/batch-warmup.json"
  warm_code="$(curl -s -o "$OUT/batch-warmup-answer.json" -w '%{http_code}' --max-time 120 -X POST "$API/batches" -H "$AUTH" \
    -H 'Content-Type: application/json' --data-binary "@$OUT/batch-warmup.json")"
  [[ "$warm_code" == "202" ]] || die "the warm-up batch answered $warm_code: $(head -c 300 "$OUT/batch-warmup-answer.json")"
  wait_batch_done "$(grep -o '"batch_id":[0-9]*' "$OUT/batch-warmup-answer.json" | cut -d: -f2)" || die "the warm-up batch was not done after ${DRAIN_TIMEOUT}s"
  note "warm-up batch delivered"
fi
step "batch: $BATCH_SIZE recipients in one POST /api/v1/batches, then its delivery"
batch_json "$BATCH_SIZE" "$RUN_ID" "$OUT/batch.json"
batch_bytes="$(stat -c %s "$OUT/batch.json")"
heap_used_now() { jcmd "$server_pid" GC.heap_info 2>/dev/null | grep -Eo 'used [0-9]+K' | head -n 1 | grep -o '[0-9]*'; }
( max=0; while :; do u="$(heap_used_now)"; [[ -n "$u" ]] && (( u > max )) && max=$u && echo "$max" >"$OUT/batch-heap-max"; sleep 1; done ) &
heap_sampler=$!
if [[ "$JFR" == "1" ]]; then
  jcmd "$server_pid" JFR.start name=batch settings=profile filename="$OUT/batch.jfr" >>"$OUT/jfr-start.log" 2>&1 || note "WARNING: JFR.start (batch) failed"
fi
sink_before_batch="$(sink_count)"
read -r cpu0_server cpu0_pg cpu0_sink <<<"$(cpu_now)"
batch_started_ms="$(date +%s%3N)"
batch_code="$(curl -s -o "$OUT/batch-answer.json" -w '%{http_code} %{time_total}' --max-time 120 -X POST "$API/batches" -H "$AUTH" \
  -H 'Content-Type: application/json' -H "Idempotency-Key: bench-$RUN_ID" --data-binary "@$OUT/batch.json")"
read -r batch_status batch_accept_s <<<"$batch_code"
[[ "$batch_status" == "202" ]] || { kill "$heap_sampler" 2>/dev/null; die "the batch answered $batch_status: $(head -c 300 "$OUT/batch-answer.json")"; }
batch_id="$(grep -o '"batch_id":[0-9]*' "$OUT/batch-answer.json" | cut -d: -f2)"
read -r cpu1_server cpu1_pg cpu1_sink <<<"$(cpu_now)"
note "batch $batch_id accepted in $batch_accept_s s ($(fmt "$(calc "$batch_bytes / 1048576")" 1) MB body)"
batch_done=""
wait_batch_done "$batch_id" && batch_done=yes
read -r cpu2_server cpu2_pg cpu2_sink <<<"$(cpu_now)"
kill "$heap_sampler" 2>/dev/null; wait "$heap_sampler" 2>/dev/null || true
hz="$(getconf CLK_TCK)"
cpu_split() { echo "server $(fmt "$(calc "($1) / $hz")" 1) s, PostgreSQL $(fmt "$(calc "($2) / $hz")" 1) s, smtp-sink $(fmt "$(calc "($3) / $hz")" 1) s"; }
batch_cpu_accept="$(cpu_split "$cpu1_server - $cpu0_server" "$cpu1_pg - $cpu0_pg" "$cpu1_sink - $cpu0_sink")"
batch_cpu_deliver="$(cpu_split "$cpu2_server - $cpu1_server" "$cpu2_pg - $cpu1_pg" "$cpu2_sink - $cpu1_sink")"
note "CPU during the POST: $batch_cpu_accept; during delivery: $batch_cpu_deliver"
[[ -n "$batch_done" ]] || { note "WARNING: the batch was not done after ${DRAIN_TIMEOUT}s"; echo "batch not done after ${DRAIN_TIMEOUT}s" >>"$OUT/warnings.txt"; }
if [[ "$JFR" == "1" ]]; then
  jcmd "$server_pid" JFR.stop name=batch >>"$OUT/jfr-stop.log" 2>&1 || note "WARNING: JFR.stop (batch) failed"
fi
sink_batch=$(( $(sink_count) - sink_before_batch ))
batch_heap_max_k="$(cat "$OUT/batch-heap-max" 2>/dev/null || echo 0)"
# sustained: first to last delivery of the batch (database timestamps); overall: POST to last delivery
read -r batch_delivered batch_failed batch_first batch_last < <(psql_app -F ' ' -c "
  select count(*) filter (where status = 'DELIVERED'), count(*) filter (where status = 'FAILED'),
         coalesce(extract(epoch from min(delivered_at)), 0), coalesce(extract(epoch from max(delivered_at)), 0)
  from email_log where batch_id = $batch_id")
batch_send_s="$(calc "$batch_last - $batch_first")"
batch_rate="$(calc "($batch_send_s > 0) ? $batch_delivered / $batch_send_s : 0")"
batch_total_s="$(calc "$batch_last - $batch_started_ms / 1000")"
note "batch: $batch_delivered delivered ($batch_failed failed) in $(fmt "$batch_send_s" 1) s = $(fmt "$batch_rate") /s sustained; POST to last delivery $(fmt "$batch_total_s" 1) s; sink received $sink_batch; heap max $(( batch_heap_max_k / 1024 )) MB"

# ---- 9. resources and the status query at the final size ---------------------------------------
step "heap, RSS, status query plan"
curl -s --max-time 10 -H "$AUTH" "$BASE_URL/metrics" >"$OUT/metrics.txt" || true
heap_metric="$(grep -E '^(base_)?memory_usedHeap_bytes' "$OUT/metrics.txt" | awk '{print $NF}' | head -n 1 || true)"
heap_info() { jcmd "$server_pid" GC.heap_info 2>/dev/null | grep -Eo '(total|used) [0-9]+K' | head -n 2 | grep -o '[0-9]*' | paste -sd' '; }
read -r heap_total_k heap_used_k < <(heap_info)
jcmd "$server_pid" GC.run >/dev/null 2>&1 || true
read -r _ heap_live_k < <(heap_info)
rss_k="$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status")"
hwm_k="$(awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status")"
rows="$(psql_app -c 'select count(*) from email_log')"
events="$(psql_app -c 'select count(*) from delivery_event')"
# a row from the middle of the end-to-end run (which may have stopped sending before E2E_COUNT),
# or of the batch when only the batch ran (BATCH_ONLY)
probe_like="e2e-$RUN_ID-%"; [[ "$BATCH_ONLY" == "1" ]] && probe_like="batch-$batch_id-%"
probe_id="$(psql_app -c "select request_id from email_log where request_id like '$probe_like' order by id
  offset (select count(*) / 2 from email_log where request_id like '$probe_like') limit 1")"
probe_log="$(psql_app -c "select id from email_log where request_id = '$probe_id'")"
# the SQL of NotificationService.find: EmailLog.BY_REQUEST_ID, then DeliveryEvent.forLog
psql_app -c "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM email_log WHERE request_id = '$probe_id'" >"$OUT/plan-email_log.txt"
psql_app -c "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM delivery_event WHERE email_log_id = $probe_log ORDER BY occurred_at, id" >"$OUT/plan-delivery_event.txt"
plan_node() { grep -Eo '(Index Only Scan|Index Scan|Bitmap Heap Scan|Seq Scan)( using [a-z_]+)?' "$1" | head -n 1; }
plan_time() { grep -o 'Execution Time: [0-9.]* ms' "$1" | grep -o '[0-9.]*'; }
plan1="$(plan_node "$OUT/plan-email_log.txt")"; plan1_ms="$(plan_time "$OUT/plan-email_log.txt")"
plan2="$(plan_node "$OUT/plan-delivery_event.txt")"; plan2_ms="$(plan_time "$OUT/plan-delivery_event.txt")"
get_times=()
for _ in $(seq 1 20); do
  get_times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "$AUTH" "$API/notifications/$probe_id")")
done
get_p50_ms="$(printf '%s\n' "${get_times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] * 1000}')"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 10. the table ----------------------------------------------------------------------------
mb() { fmt "$(calc "$1 / 1024")" 0; }
yesno() { if [[ "$(calc "($1) ? 1 : 0")" == "1" ]]; then echo "yes"; else echo "**no**"; fi; }
{
  echo "# Herald benchmark, $RUN_ID ($( ((q)) && echo QUICK || echo full) mode$( [[ "$BATCH_ONLY" == "1" ]] && echo ", BATCH_ONLY"))"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), $(java -version 2>&1 | head -n 1)."
  echo "Server, database, SMTP sink and load generator share the machine. Other Payara domains seen during the run: ${OTHERS_SEEN:-none}. Load average before $load_before, after $load_after."
  echo "Warm-up: $warm_round rounds of 10 s at concurrency 16 (accepted/s:$warm_rates); a warm-up batch of $BATCH_WARMUP recipients before the measured batch."
  echo "Settings: http-thread-pool max ${http_threads:-default}, JDBC pool max ${jdbc_max:-?}, email MDB max-pool-size ${mdb_max:-?}, server ${xmx:-default heap}; PostgreSQL max_prepared_transactions $max_prepared${BENCH_JVM_OPTS:+; extra JVM options: $BENCH_JVM_OPTS}."
  echo
  echo "| measure | Herald | ceiling (same run) | ratio | target | met |"
  echo "|---|---|---|---:|---|---|"
  if [[ "$BATCH_ONLY" != "1" ]]; then
  for c in $CONCURRENCIES; do
    r="${ACC[$c]}"
    rps="$(field rps "$r")"
    ratio="$(calc "(${PGB_TPS[$c]:-0} > 0) ? $rps / ${PGB_TPS[$c]} : 0")"
    paused=""; [[ "$(field paused "$r")" == "1" ]] && paused=", delivery paused"
    bad="$(field non202 "$r")"; errs="$(field errors "$r")"
    extra=""; (( bad + errs > 0 )) && extra="; **non-202 $bad, errors $errs** $(field codes "$r")"
    echo "| accepted/s, concurrency $c (${PHASE_SECONDS}s closed loop$paused) | $(fmt "$rps") /s; p50 $(field p50_ms "$r") / p95 $(field p95_ms "$r") / p99 $(field p99_ms "$r") ms$extra | $(fmt "${PGB_TPS[$c]:-0}") TPS pgbench 2PC insert${PGB_NOTE[$c]} | $(fmt "$ratio" 2) | ≥ 0.5 × ceiling | $(yesno "$ratio >= 0.5") |"
  done
  obad="$(field non202 "$OPEN")"; oerr="$(field errors "$OPEN")"
  oextra=""; (( obad + oerr > 0 )) && oextra="; **non-202 $obad, errors $oerr** $(field codes "$OPEN")"
  ounsent="$(field unsent "$OPEN")"
  (( ${ounsent:-0} > 0 )) && oextra="$oextra; **$ounsent of $(fmt "$(calc "$OPEN_RATE * $OPEN_SECONDS")") requests not sent: the server fell more than ${OPEN_MAX_OVERRUN}s behind**"
  echo "| API latency, open loop $OPEN_RATE req/s for ${OPEN_SECONDS}s (delivery running) | p50 $(field p50_ms "$OPEN") / p95 $(field p95_ms "$OPEN") / p99 $(field p99_ms "$OPEN") ms, max $(field max_ms "$OPEN") ms; achieved $(fmt "$(field rps "$OPEN")") /s, late starts $(field late_starts "$OPEN")$oextra | | | p99 ≤ 20 ms | $(yesno "$(field p99_ms "$OPEN") <= 20 && ${ounsent:-0} == 0") |"
  e2e_ratio="$(calc "$e2e_rate / $smtp_ceiling")"
  ebad="$(field non202 "$E2E")"; eerr="$(field errors "$E2E")"
  echo "| end to end: $(field ok "$E2E") notifications at concurrency $E2E_CONCURRENCY$( [[ "$(field ok "$E2E")" != "$E2E_COUNT" ]] && echo " (of $E2E_COUNT: sending stopped after ${E2E_MAX_SECONDS}s)"), first POST → last DELIVERED | $(fmt "$e2e_rate") delivered/s ($e2e_delivered delivered, $e2e_failed failed, in $(fmt "$e2e_secs" 1) s; sink received $e2e_sink; accepted $(fmt "$(field rps "$E2E")") /s, non-202 $ebad, errors $eerr) | $(fmt "$smtp_ceiling") msg/s smtp-source → smtp-sink ($SMTP_CEILING_SESSIONS connections, reused) | $(fmt "$e2e_ratio" 3) | ≥ 1,500 /s | $(yesno "$e2e_rate >= 1500") |"
  fi
  echo "| batch of $BATCH_SIZE recipients ($(fmt "$(calc "$batch_bytes / 1048576")" 1) MB body): POST → 202 | $batch_accept_s s | | | ≤ 10 s | $(yesno "$batch_accept_s <= 10") |"
  batch_ratio="$(calc "$batch_rate / $smtp_ceiling")"
  echo "| batch delivery, first → last DELIVERED (batch consumer pool ${batch_mdb_max:-?}, 100 per chunk) | $(fmt "$batch_rate") delivered/s ($batch_delivered delivered, $batch_failed failed, in $(fmt "$batch_send_s" 1) s; POST → last delivered $(fmt "$batch_total_s" 1) s; sink received $sink_batch) | $(fmt "$smtp_ceiling") msg/s smtp-source → smtp-sink | $(fmt "$batch_ratio" 3) | ≥ 1,500 /s | $(yesno "$batch_rate >= 1500") |"
  echo "| server heap during the batch (GC.heap_info every 1 s) | max used $(mb "$batch_heap_max_k") MB | | | ≤ 512 MB | $(yesno "$batch_heap_max_k <= 524288") |"
  echo "| CPU time during the batch (/proc, 2 cores) | POST: $batch_cpu_accept; delivery: $batch_cpu_deliver | | | | |"
  if [[ "$BATCH_ONLY" != "1" ]]; then
  echo "| idle accept → SMTP 250 (created_at → DELIVERED event, n=$idle_n) | p50 $idle_p50 / p90 $idle_p90 / p99 $idle_p99 ms, max $idle_max ms; client POST → DELIVERED seen p50 $(field p50_ms "$IDLE") ms | | | p50 ≤ 50 ms | $(yesno "${idle_p50:-999} <= 50") |"
  fi
  echo "| server heap at the end | used $(mb "$heap_used_k") MB (metrics: $(fmt "$(calc "${heap_metric:-0} / 1048576")") MB), after full GC $(mb "$heap_live_k") MB, committed $(mb "$heap_total_k") MB | | | ≤ 512 MB | $(yesno "$heap_used_k <= 524288") |"
  echo "| server RSS | $(mb "$rss_k") MB at the end, peak $(mb "$hwm_k") MB | | | | |"
  echo "| status query at $rows rows ($events events) | \`${plan1:-?}\` $plan1_ms ms + \`${plan2:-?}\` $plan2_ms ms (EXPLAIN ANALYZE); GET /api/v1/notifications/{id} p50 $get_p50_ms ms | | | uses indexes | $(yesno "$( [[ "$plan1$plan2" != *Seq* && -n "$plan1" && -n "$plan2" ]] && echo 1 || echo 0)") |"
  if [[ -s "$OUT/warnings.txt" ]]; then
    echo; echo "Warnings:"; sed 's/^/- /' "$OUT/warnings.txt"
  fi
  echo
  echo "Raw load-generator lines, pgbench logs, plans and smtp-sink output: \`$OUT\`."
} >"$OUT/results.md"

if [[ "$JFR" == "1" && -s "$OUT/e2e.jfr" ]]; then
  java -cp "$OUT/classes" JfrTop "$OUT/e2e.jfr" 15 >"$OUT/jfr-top.md" 2>"$OUT/jfr-top.log" || note "WARNING: JFR summary failed"
  { echo; echo "## Where the server's CPU went during the end-to-end run (JFR, \`$OUT/e2e.jfr\`)"; echo; cat "$OUT/jfr-top.md"; } >>"$OUT/results.md"
fi
if [[ "$JFR" == "1" && -s "$OUT/batch.jfr" ]]; then
  java -cp "$OUT/classes" JfrTop "$OUT/batch.jfr" 15 >"$OUT/jfr-batch.md" 2>>"$OUT/jfr-top.log" || note "WARNING: JFR batch summary failed"
  { echo; echo "## Where the server's CPU went during the batch (JFR, \`$OUT/batch.jfr\`)"; echo; cat "$OUT/jfr-batch.md"; } >>"$OUT/results.md"
fi
cp "$OUT/results.md" "$OUT/results-$RUN_ID.md"

printf '\n'
cat "$OUT/results.md"
printf '\n[bench] saved to %s\n' "$OUT/results.md"
