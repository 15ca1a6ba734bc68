#!/usr/bin/env bash
# Benchmark of the several-instance topology (issue 12): the same load through the balancer, first
# with 2 instances, then with 1 (instance 2 stopped), in one run, on one broker and one database.
# Starts its own cluster with cluster.sh (name herald-bench, port base 34000: balancer 34080,
# broker 34076, instances 34180 and 34280), its own database (notification_cluster_bench,
# recreated) and Postfix's smtp-sink on 127.0.0.1:34025, and measures:
#   - the ceilings: pgbench 2PC inserts (the accept transaction's rows) and smtp-source -> smtp-sink
#   - accepted/s and latency, closed loop, with the email consumers paused (acceptance alone)
#   - end to end: accepted/s and delivered/s (first POST -> last DELIVERED) of E2E_COUNT notifications
#   - where the CPU goes during the end-to-end run: each instance, the broker, PostgreSQL, HAProxy,
#     smtp-sink and the load generator, in CPU ms per delivered notification; and from that an
#     estimate of what the same topology gives with each part on hosts of its own
# and prints ONE table (also target/bench/cluster-results.md). Everything it started is stopped on exit.
#
# Usage: server-config/bench/run-cluster-bench.sh            (~15 min)
#        QUICK=1 server-config/bench/run-cluster-bench.sh    (~8 min, for development)
# Never together with ./mvnw verify or run-bench.sh: they share the 2 cores (a lock enforces the latter).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# ---- settings ---------------------------------------------------------------------------------
QUICK="${QUICK:-0}"
pick() { if [[ "$QUICK" == "1" ]]; then echo "$2"; else echo "$1"; fi; }   # pick FULL QUICK
CONCURRENCY="${CONCURRENCY:-32}"                       # closed-loop callers, both phases
PHASE_SECONDS="${PHASE_SECONDS:-$(pick 15 5)}"         # the accept-only run
WARMUP_MAX_SECONDS="${WARMUP_MAX_SECONDS:-$(pick 300 120)}"  # JIT warm-up of both instances: 10 s rounds until the rate is stable, at most this long
WARMUP_MIN_ROUNDS="${WARMUP_MIN_ROUNDS:-$(pick 6 3)}"
E2E_COUNT="${E2E_COUNT:-$(pick 20000 4000)}"           # notifications in each end-to-end run
E2E_MAX_SECONDS="${E2E_MAX_SECONDS:-$(pick 240 60)}"   # stop sending after this long even if E2E_COUNT is not reached
PGBENCH_SECONDS="${PGBENCH_SECONDS:-$(pick 10 5)}"
SMTP_CEILING_MESSAGES="${SMTP_CEILING_MESSAGES:-$(pick 50000 10000)}"
SMTP_CEILING_SESSIONS="${SMTP_CEILING_SESSIONS:-32}"   # = the email MDB's max-pool-size of two instances
MESSAGE_BYTES="${MESSAGE_BYTES:-1000}"
PAUSE_DELIVERY="${PAUSE_DELIVERY:-1}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-900}"
HOST_CORES="${HOST_CORES:-2}"                          # cores of each separate host in the estimate
SKIP_BUILD="${SKIP_BUILD:-0}"
JFR="${JFR:-1}"                                        # 1: JFR recording of instance 1 in the 1-instance end-to-end run + hot methods
LOADGEN_JAVA_OPTS="${LOADGEN_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx512m -XX:TieredStopAtLevel=1}"

export CLUSTER_NAME="${BENCH_CLUSTER_NAME:-herald-bench}" CLUSTER_PORTBASE="${BENCH_CLUSTER_PORTBASE:-34000}"
export LB_PORT="$((CLUSTER_PORTBASE + 80))" BROKER_PORT="$((CLUSTER_PORTBASE + 76))" DATAGRID_PORTBASE="${BENCH_DATAGRID_PORTBASE:-5950}"
export DB_NAME="${BENCH_DB:-notification_cluster_bench}"
export SMTP_HOST=127.0.0.1 SMTP_PORT="$((CLUSTER_PORTBASE + 25))" SMTP_USER="" SMTP_PASSWORD="" SMTP_STARTTLS=false
CEILING_SMTP_PORT="$((CLUSTER_PORTBASE + 26))"
CEILING_DB="${DB_NAME}_ceiling"
export HERALD_BOOTSTRAP_ADMIN_KEY="hk_benchclu_$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"
export EXTRA_JVM_OPTIONS="-Dherald.bootstrap.admin-key=$HERALD_BOOTSTRAP_ADMIN_KEY"
source "$BENCH_DIR/../bin/env.sh"

OUT="${OUT_DIR:-$PROJECT_DIR/target/bench}"
OUR_DOMAINS_RE="$CLUSTER_NAME-[0-9]+"
IMQ_BROKER_PORT="$BROKER_PORT"
source "$BENCH_DIR/bench-lib.sh"
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
BASE_URL="http://127.0.0.1:$LB_PORT"
API="$BASE_URL/api/v1"
KEY="$HERALD_BOOTSTRAP_ADMIN_KEY"
AUTH="Authorization: Bearer $KEY"
TEMPLATE=bench_email
CLUSTER=(bash "$SERVER_CONFIG_DIR/bin/cluster.sh")
export PGPASSWORD="$DB_PASSWORD" PGOPTIONS="-c client_min_messages=warning"

mkdir -p "$OUT"
rm -f "$OUT"/cluster-*.log "$OUT"/cluster-*.out "$OUT"/cluster-*.jfr "$OUT"/cluster-*.md
sink_pid="" ceiling_sink_pid="" cluster_ours=0
cleanup() {
  local rc=$?
  [[ -n "$ceiling_sink_pid" ]] && kill "$ceiling_sink_pid" 2>/dev/null || true
  if (( cluster_ours )); then "${CLUSTER[@]}" down >>"$OUT/cluster-cluster.log" 2>&1 || true; fi
  [[ -n "$sink_pid" ]] && kill "$sink_pid" 2>/dev/null || true
  (( rc == 0 )) || note "FAILED (exit $rc); logs in $OUT (cluster-*.log)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 0. preconditions -------------------------------------------------------------------------
step "preconditions"
exec 9>"${BENCH_LOCK:-/tmp/herald-bench.lock}"
flock -n 9 || die "another benchmark run holds ${BENCH_LOCK:-/tmp/herald-bench.lock}; wait for it to finish"
for port in "$LB_PORT" "$BROKER_PORT" "$SMTP_PORT" "$CEILING_SMTP_PORT" $((CLUSTER_PORTBASE + 180)) $((CLUSTER_PORTBASE + 280)); do
  require_free "$port" "a port of the bench cluster (an earlier run still up? bash server-config/bin/cluster.sh down with CLUSTER_NAME=$CLUSTER_NAME CLUSTER_PORTBASE=$CLUSTER_PORTBASE)"
done
for tool in java javac jcmd psql pgbench curl awk ss flock; do
  command -v "$tool" >/dev/null || die "$tool is required (JDK 17 and postgresql-client)"
done
note "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1. build, PostgreSQL, smtp-sink ----------------------------------------------------------
build_if_stale
require_smtp_sink

step "the pgbench scratch database ($CEILING_DB)"
bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh"
prepare_ceiling_db "$CEILING_DB"
max_prepared="$(psql_super -d postgres -c 'show max_prepared_transactions')"

step "smtp-sink on 127.0.0.1:$SMTP_PORT (counting messages)"
smtp-sink -c "${sink_user[@]}" "127.0.0.1:$SMTP_PORT" 1024 >"$OUT/cluster-smtp-sink.out" 2>"$OUT/cluster-smtp-sink.log" &
sink_pid=$!
wait_port "$SMTP_PORT" smtp-sink
sink_count() { sink_count_in "$OUT/cluster-smtp-sink.out"; }

# ---- 2. the cluster ---------------------------------------------------------------------------
step "cluster $CLUSTER_NAME: broker, 2 instances, HAProxy (fresh; log: $OUT/cluster-cluster.log)"
cluster_ours=1
"${CLUSTER[@]}" up 2 --fresh >"$OUT/cluster-cluster.log" 2>&1 || die "cluster.sh up failed; see $OUT/cluster-cluster.log"
code="$(curl -s -o "$OUT/cluster-template.json" -w '%{http_code}' -X POST "$API/templates" -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"code\":\"$TEMPLATE\",\"language\":\"en\",\"subject\":\"Benchmark {{i}}\",\"body_html\":\"<p>Hello, this is benchmark message <b>{{i}}</b>.</p><p>Regards, Herald</p>\",\"body_text\":\"Hello, this is benchmark message {{i}}. Regards, Herald\"}")"
[[ "$code" == "201" ]] || die "creating the template answered $code: $(cat "$OUT/cluster-template.json")"
code="$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$API/admin/api-keys/${KEY:0:11}/rate-limit" -H "$AUTH" \
  -H 'Content-Type: application/json' -d '{"per_second":100000,"burst":100000}')"
[[ "$code" == "200" ]] || die "raising the bench key's rate limit answered $code"

instance_pid() { pgrep -f "domains/$CLUSTER_NAME-0$1/config" | head -n 1; }
broker_pid() { pgrep -f -- "-Dimq.varhome=$RUNTIME_DIR/cluster/$CLUSTER_NAME/broker" | head -n 1; }
lb_pid() { cat "$RUNTIME_DIR/cluster/$CLUSTER_NAME/haproxy.pid" 2>/dev/null || true; }
cpu_parts() {  # ticks so far: instance 1, instance 2, broker, PostgreSQL, HAProxy, smtp-sink, the whole machine (busy)
  echo "$(cpu_of "$(instance_pid 1)") $(cpu_of "$(instance_pid 2)") $(cpu_of "$(broker_pid)") $(cpu_of $(pgrep -x postgres))" \
       "$(cpu_of "$(lb_pid)") $(cpu_of "$sink_pid") $(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat)"
}
hz="$(getconf CLK_TCK)"

step "compiling the load generator"
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" "$BENCH_DIR/LoadGen.java" "$BENCH_DIR/JfrTop.java"

# ---- 3. ceilings ------------------------------------------------------------------------------
step "ceiling: pgbench 2PC insert, $CONCURRENCY clients, ${PGBENCH_SECONDS}s"
pgb_clients=$(( CONCURRENCY > max_prepared - 8 ? max_prepared - 8 : CONCURRENCY ))
pgb_tps="$(pgbench_2pc "$CEILING_DB" "$pgb_clients" "$PGBENCH_SECONDS" "$OUT/cluster-pgbench.log")"
note "pgbench 2PC at $pgb_clients clients: $pgb_tps TPS"
step "ceiling: smtp-source -> smtp-sink, $SMTP_CEILING_SESSIONS reused connections, $SMTP_CEILING_MESSAGES messages"
smtp_ceil="$(smtp_ceiling "$CEILING_SMTP_PORT" "$SMTP_CEILING_SESSIONS" "$SMTP_CEILING_MESSAGES" "$MESSAGE_BYTES")"

# ---- 4. warm-up -------------------------------------------------------------------------------
# two cold JVMs compile for minutes on 2 cores shared with everything else: 10 s rounds through the
# balancer (acceptance and delivery on both instances) until two in a row differ by less than 10 %
step "warm-up: 10 s rounds at concurrency 16 until the rate is stable (at most ${WARMUP_MAX_SECONDS}s; not reported)"
warm_prev=0 warm_round=0 warm_start=$SECONDS warm_rates="" warm_stable=no
while (( SECONDS - warm_start + 10 <= WARMUP_MAX_SECONDS )); do
  warm_round=$((warm_round + 1))
  w="$(field rps "$(loadgen "cluster-warmup-$warm_round" closed --prefix "warm$warm_round-$RUN_ID" --concurrency 16 --duration 10)")"
  warm_rates="$warm_rates $(fmt "$w")"
  note "warm-up round $warm_round: $(fmt "$w") accepted/s"
  if (( warm_round >= WARMUP_MIN_ROUNDS )) && [[ "$(calc "($warm_prev > 0 && $w < 1.1 * $warm_prev && $w > 0.9 * $warm_prev) ? 1 : 0")" == 1 ]]; then
    warm_stable=yes; break
  fi
  warm_prev="$w"
done
[[ "$warm_stable" == yes ]] || note "warm-up: rate not yet stable after $((SECONDS - warm_start)) s; measuring anyway"
drain warm-up

# ---- 5. the phases ----------------------------------------------------------------------------
declare -A ACC E2E RATE SECS DELIV SINK CPU
phase() {  # phase N: the accept-only and the end-to-end run with N instances behind the balancer
  local n=$1 c0 c1 start_ms last sink0
  pause_delivery
  step "$n instance(s): accept only, closed loop, concurrency $CONCURRENCY, ${PHASE_SECONDS}s (email consumers $( ((delivery_paused)) && echo paused || echo running))"
  ACC[$n]="$(loadgen "cluster-accept-$n" closed --prefix "acc$n-$RUN_ID" --concurrency "$CONCURRENCY" --duration "$PHASE_SECONDS")"
  note "${ACC[$n]}"
  (( delivery_paused )) && resume_delivery
  drain "after the accept-only run ($n)"

  step "$n instance(s): end to end, $E2E_COUNT notifications at concurrency $CONCURRENCY"
  sink0="$(sink_count)"
  if [[ "$JFR" == "1" && "$n" == 1 ]]; then
    jcmd "$(instance_pid 1)" JFR.start name=cluster settings=profile filename="$OUT/cluster-e2e-1.jfr" >"$OUT/cluster-jfr.log" 2>&1 \
      || { note "WARNING: JFR.start failed (see cluster-jfr.log); continuing without a profile"; JFR=0; }
  fi
  c0="$(cpu_parts)"
  E2E[$n]="$(loadgen "cluster-e2e-$n" closed --prefix "e2e$n-$RUN_ID" --concurrency "$CONCURRENCY" --count "$E2E_COUNT" --duration "$E2E_MAX_SECONDS")"
  note "${E2E[$n]}"
  drain "end to end ($n)"
  c1="$(cpu_parts)"
  if [[ "$JFR" == "1" && "$n" == 1 ]]; then
    jcmd "$(instance_pid 1)" JFR.stop name=cluster >>"$OUT/cluster-jfr.log" 2>&1 || { note "WARNING: JFR.stop failed"; JFR=0; }
  fi
  CPU[$n]="$(paste -d' ' <(tr ' ' '\n' <<<"$c1") <(tr ' ' '\n' <<<"$c0") | awk '{ printf "%d ", $1 - $2 }')"
  SINK[$n]=$(( $(sink_count) - sink0 ))
  start_ms="$(field start_epoch_ms "${E2E[$n]}")"
  read -r DELIV[$n] last < <(psql_app -F ' ' -c "select count(*) filter (where status = 'DELIVERED'),
      coalesce(extract(epoch from max(delivered_at)), 0) from email_log where request_id like 'e2e$n-$RUN_ID-%'")
  SECS[$n]="$(calc "$last - $start_ms / 1000")"
  RATE[$n]="$(calc "(${SECS[$n]} > 0) ? ${DELIV[$n]} / ${SECS[$n]} : 0")"
  note "$n instance(s): ${DELIV[$n]} delivered in $(fmt "${SECS[$n]}" 1) s = $(fmt "${RATE[$n]}") /s; CPU ticks ${CPU[$n]}"
}
phase 2
step "stopping instance 2 cleanly: the balancer sends everything to instance 1"
"${CLUSTER[@]}" stop 2 >>"$OUT/cluster-cluster.log" 2>&1 || die "stopping instance 2 failed; see $OUT/cluster-cluster.log"
curl -fs -o /dev/null --max-time 10 "$BASE_URL/health/ready" || die "the balancer is not ready with instance 1 alone"
phase 1

# ---- 6. report --------------------------------------------------------------------------------
per() { calc "($1) * 1000 / $hz / (${DELIV[$2]} > 0 ? ${DELIV[$2]} : 1)"; }   # per TICKS PHASE: CPU ms per delivered notification
cpu_row() {  # the CPU of phase $1, per delivered notification, by part
  local -a t; read -r -a t <<<"${CPU[$1]}"
  ms() { fmt "$(per "$1" "$phase")" 2; }
  local phase=$1
  echo "instances $(ms "${t[0]} + ${t[1]}") (1: $(ms "${t[0]}"), 2: $(ms "${t[1]}")), broker $(ms "${t[2]}"),"\
       "PostgreSQL $(ms "${t[3]}"), HAProxy $(ms "${t[4]}"), smtp-sink $(ms "${t[5]}"),"\
       "the rest (load generator, kernel, other services) $(ms "${t[6]} - ${t[0]} - ${t[1]} - ${t[2]} - ${t[3]} - ${t[4]} - ${t[5]}");"\
       "machine busy $(fmt "$(calc "${t[6]} / $hz / ${SECS[$1]} / $(nproc) * 100")") %"
}
# Separate hosts of HOST_CORES cores each: instances (N of them), the broker, PostgreSQL. Each tier's
# ceiling is its cores divided by the CPU it spends per notification, taken from the run where it
# spent less (on 2 shared cores, two JVMs also pay for each other's time slices); the topology gives
# the lowest of them. Network round trips and disk flushes are not in it.
least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
read -r -a t1 <<<"${CPU[1]}"; read -r -a t2 <<<"${CPU[2]}"
inst_ms="$(least "$(per "${t2[0]} + ${t2[1]}" 2)" "$(per "${t1[0]}" 1)")"
broker_ms="$(least "$(per "${t2[2]}" 2)" "$(per "${t1[2]}" 1)")"
pg_ms="$(least "$(per "${t2[3]}" 2)" "$(per "${t1[3]}" 1)")"
cap() { calc "($2 > 0) ? $HOST_CORES * 1000 * $1 / $2 : 0"; }   # cap HOSTS MS_PER_NOTIFICATION
est_inst2="$(cap 2 "$inst_ms")" est_inst4="$(cap 4 "$inst_ms")" est_broker="$(cap 1 "$broker_ms")" est_pg="$(cap 1 "$pg_ms")"
bottleneck() { awk -v a="$1" -v b="$est_broker" -v c="$est_pg" 'BEGIN { m = a; n = "the instances"; if (b < m) { m = b; n = "the broker" } if (c < m) { m = c; n = "PostgreSQL" } printf "%.0f /s (bound by %s)", m, n }'; }

{
  echo "# Herald cluster benchmark $RUN_ID"
  echo
  echo "One machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo). Warm-up rounds (accepted/s):$warm_rates ($warm_stable stable)."
  echo "Everything shares these cores: the instances, the broker, PostgreSQL, HAProxy, smtp-sink and the load generator."
  echo
  echo "| measure | 2 instances | 1 instance | 2 / 1 | ceiling (same run) |"
  echo "|---|---|---|---|---|"
  echo "| accepted/s, concurrency $CONCURRENCY, ${PHASE_SECONDS}s closed loop, email consumers paused | $(fmt "$(field rps "${ACC[2]}")") /s (p50 $(field p50_ms "${ACC[2]}") / p99 $(field p99_ms "${ACC[2]}") ms) | $(fmt "$(field rps "${ACC[1]}")") /s (p50 $(field p50_ms "${ACC[1]}") / p99 $(field p99_ms "${ACC[1]}") ms) | $(fmt "$(calc "$(field rps "${ACC[2]}") / $(field rps "${ACC[1]}")")" 2) | $(fmt "$pgb_tps") TPS pgbench 2PC insert ($pgb_clients clients) |"
  echo "| end to end: accepted/s while delivering | $(fmt "$(field rps "${E2E[2]}")") /s | $(fmt "$(field rps "${E2E[1]}")") /s | $(fmt "$(calc "$(field rps "${E2E[2]}") / $(field rps "${E2E[1]}")")" 2) | |"
  echo "| end to end: delivered/s, first POST → last DELIVERED | $(fmt "${RATE[2]}") /s (${DELIV[2]} in $(fmt "${SECS[2]}" 1) s, sink ${SINK[2]}) | $(fmt "${RATE[1]}") /s (${DELIV[1]} in $(fmt "${SECS[1]}" 1) s, sink ${SINK[1]}) | $(fmt "$(calc "${RATE[2]} / ${RATE[1]}")" 2) | $(fmt "$smtp_ceil") msg/s smtp-source → smtp-sink |"
  echo "| non-202 / errors (end to end) | $(field non202 "${E2E[2]}") / $(field errors "${E2E[2]}") | $(field non202 "${E2E[1]}") / $(field errors "${E2E[1]}") | | |"
  echo
  echo "CPU per delivered notification, end-to-end run (ms):"
  echo "- 2 instances: $(cpu_row 2)"
  echo "- 1 instance: $(cpu_row 1)"
  echo
  echo "Estimate on separate hosts of $HOST_CORES cores each (CPU only, each tier's lower cost of the two runs; no network or disk time):"
  echo "instances $(fmt "$inst_ms" 2) ms, broker $(fmt "$broker_ms" 2) ms, PostgreSQL $(fmt "$pg_ms" 2) ms per notification, so"
  echo "2 instance hosts reach $(fmt "$est_inst2") /s, 4 reach $(fmt "$est_inst4") /s; one broker host $(fmt "$est_broker") /s; one PostgreSQL host $(fmt "$est_pg") /s."
  echo "With 2 instance hosts: $(bottleneck "$est_inst2"); with 4: $(bottleneck "$est_inst4")."
  [[ -n "$OTHERS_SEEN" ]] && echo && echo "WARNING: other Payara domains ran during the benchmark: $OTHERS_SEEN"
} >"$OUT/cluster-results.md"
if [[ "$JFR" == "1" ]]; then
  java -cp "$OUT/classes" JfrTop "$OUT/cluster-e2e-1.jfr" 15 >"$OUT/cluster-jfr-top.md" 2>>"$OUT/cluster-jfr.log" || note "WARNING: JFR summary failed"
  { echo; echo "## Where instance 1's CPU went in the 1-instance end-to-end run (JFR, \`$OUT/cluster-e2e-1.jfr\`)"; echo; cat "$OUT/cluster-jfr-top.md"; } >>"$OUT/cluster-results.md"
fi
echo
cat "$OUT/cluster-results.md"
