#!/usr/bin/env bash
# Crash test for batches (issue 11): POST one batch, SIGKILL the server once part of it has been
# delivered, restart it, and check that every accepted recipient ends DELIVERED. Counts the
# emails smtp-sink received twice (by X-Notification-Id): the duplicates ADR 0014 bounds by one
# chunk (100) per batch consumer in flight. Own domain, database and sink on port base 29000,
# like kill-test.sh. Build first (./mvnw install -DskipTests). Needs smtp-sink (postfix; the
# benchmark installs it).
#
# Usage: server-config/bin/kill-batch-test.sh [recipients=20000] [kill-after-delivered=5000]
export DOMAIN=notification-kill PORTBASE=29000 DB_NAME=notification_kill
export SMTP_HOST=127.0.0.1 SMTP_PORT=29025 SMTP_USER="" SMTP_PASSWORD="" SMTP_STARTTLS=false
export HERALD_BOOTSTRAP_ADMIN_KEY="hk_killtest_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
require_payara
TOTAL="${1:-20000}"
KILL_AFTER="${2:-5000}"
API="http://127.0.0.1:$HTTP_PORT/api/v1"
PATH="$PATH:/usr/sbin"
command -v smtp-sink >/dev/null || die "smtp-sink is missing: run server-config/bench/run-bench.sh once, or apt-get install postfix"
WORK="$(mktemp -d)"
chmod 777 "$WORK"
sink_pid=""
cleanup() {
  "$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
  [[ -n "$sink_pid" ]] && kill "$sink_pid" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh" --recreate
"$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
[[ -d "$PAYARA_HOME/glassfish/domains/$DOMAIN" ]] && "$ASADMIN" --interactive=false delete-domain "$DOMAIN" >/dev/null
sink_user=(); [[ $EUID -eq 0 ]] && sink_user=(-u nobody)
# -D: every message's content appended to one file, to count each notification id it received
smtp-sink "${sink_user[@]}" -D "$WORK/dump" "127.0.0.1:$SMTP_PORT" 1024 >"$WORK/sink.log" 2>&1 &
sink_pid=$!
bash "$SERVER_CONFIG_DIR/bin/configure-domain.sh"
asadmin restart-domain "$DOMAIN" >/dev/null
asadmin deploy --force=true --name notification "$PROJECT_DIR/notification-ear/target/notification.ear" >/dev/null
AUTH="Authorization: Bearer $HERALD_BOOTSTRAP_ADMIN_KEY"
curl -fs -o /dev/null -X POST "$API/templates" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"code":"kill_batch","subject":"Kill test {{i}}","body_text":"n {{i}}"}'
awk -v n="$TOTAL" 'BEGIN { printf "{\"template_code\":\"kill_batch\",\"recipients\":["
  for (i = 0; i < n; i++) printf "%s{\"to\":\"kb-%d@example.com\",\"variables\":{\"i\":%d}}", (i ? "," : ""), i, i
  printf "]}" }' >"$WORK/batch.json"

psql_kill() { PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -qAt "$@"; }
answer="$(curl -s -w ' %{http_code}' --max-time 120 -X POST "$API/batches" -H "$AUTH" -H 'Content-Type: application/json' \
  --data-binary "@$WORK/batch.json")"
[[ "$answer" == *" 202" ]] || die "the batch was not accepted: ${answer:0:300}"
batch_id="$(grep -o '"batch_id":[0-9]*' <<<"$answer" | cut -d: -f2)"
accepted="$(grep -o '"accepted":[0-9]*' <<<"$answer" | cut -d: -f2)"
log "batch $batch_id: $accepted accepted; SIGKILL after $KILL_AFTER delivered"
deadline=$((SECONDS + 300))
while :; do
  d=$(psql_kill -c "select count(*) from email_log where batch_id = $batch_id and status = 'DELIVERED'")
  (( d >= KILL_AFTER )) && break
  (( SECONDS > deadline )) && die "only $d delivered after 300 s"
  sleep 0.2
done
pid="$(pgrep -f "domains/$DOMAIN/config" | head -n 1)"
kill -9 "$pid"
killed_at=$(date +%s.%N)
sleep 1
at_kill_delivered=$(psql_kill -c "select count(*) from email_log where batch_id = $batch_id and status = 'DELIVERED'")
at_kill_processing=$(psql_kill -c "select count(*) from email_log where batch_id = $batch_id and status = 'PROCESSING'")
log "killed the server (pid $pid): $at_kill_delivered delivered, $at_kill_processing PROCESSING (chunks in flight)"
"$ASADMIN" start-domain "$DOMAIN" >/dev/null
deadline=$((SECONDS + 900))
while :; do
  delivered=$(psql_kill -c "select count(*) from email_log where batch_id = $batch_id and status = 'DELIVERED'")
  (( delivered >= accepted )) && break
  (( SECONDS > deadline )) && break
  sleep 1
done
drain=$(echo "$(date +%s.%N) - $killed_at" | bc)
sleep 2   # the sink writes the last message after its 250
received=$(grep -c '^X-Notification-Id: ' "$WORK/dump" || true)
distinct=$(grep '^X-Notification-Id: ' "$WORK/dump" | sort -u | wc -l)
dupes=$((received - distinct))
printf '\nbatch kill test: recipients %d, accepted %d, delivered %d, not delivered %d;\n' "$TOTAL" "$accepted" "$delivered" $((accepted - delivered))
printf '                 at the kill: %d delivered, %d PROCESSING; sink received %d emails for %d notifications: %d duplicates;\n' \
  "$at_kill_delivered" "$at_kill_processing" "$received" "$distinct" "$dupes"
printf '                 kill to all delivered %.1f s (restart included)\n' "$drain"
(( delivered == accepted ))
