#!/usr/bin/env bash
# Crash test (issue 3): SIGKILL the server while thousands of notifications are in flight,
# restart it, and check that every accepted notification ends DELIVERED. Reports how many
# emails were sent twice. Uses its own domain, database and capture SMTP server on port base
# 29000, so it never touches the run or test domains. Build first (./mvnw install -DskipTests).
#
# Usage: server-config/bin/kill-test.sh [notifications=3000] [kill-after-accepted=1000]
export DOMAIN=notification-kill PORTBASE=29000 DB_NAME=notification_kill
export SMTP_HOST=127.0.0.1 SMTP_PORT=29025 SMTP_USER="" SMTP_PASSWORD=""
# a fresh database: the server registers this as its bootstrap admin key
export HERALD_BOOTSTRAP_ADMIN_KEY="hk_killtest_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
require_payara
TOTAL="${1:-3000}"
KILL_AFTER="${2:-1000}"
API="http://127.0.0.1:$HTTP_PORT/api/v1"
GM_API=29099
WORK="$(mktemp -d)"
gm_pid=""
cleanup() {
  "$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
  [[ -n "$gm_pid" ]] && kill "$gm_pid" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh" --recreate
"$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
[[ -d "$PAYARA_HOME/glassfish/domains/$DOMAIN" ]] && "$ASADMIN" --interactive=false delete-domain "$DOMAIN" >/dev/null
java -Dgreenmail.hostname=127.0.0.1 -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
     -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$GM_API" -Dgreenmail.auth.disabled \
     -jar "$RUNTIME_DIR/greenmail/greenmail-standalone.jar" >"$WORK/greenmail.log" 2>&1 &
gm_pid=$!
bash "$SERVER_CONFIG_DIR/bin/configure-domain.sh"
asadmin restart-domain "$DOMAIN" >/dev/null
asadmin deploy --force=true --name notification "$PROJECT_DIR/notification-ear/target/notification.ear" >/dev/null
AUTH="Authorization: Bearer $HERALD_BOOTSTRAP_ADMIN_KEY"
curl -fs -o /dev/null -X POST "$API/templates" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"code":"kill_test","subject":"Kill test {{i}}","body_text":"n {{i}}"}'

post() {
  local i=$1
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST "$API/notifications" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"notification_type\":\"email\",\"request_id\":\"kill-$i\",\"to\":\"kill-$i@example.com\",\"template_code\":\"kill_test\",\"variables\":{\"i\":$i}}")
  echo "$i $code"
}
export -f post; export API AUTH
log "sending $TOTAL notifications; SIGKILL after $KILL_AFTER accepted"
: >"$WORK/responses"
accepted_so_far() { local n; n=$(grep -c ' 202$' "$WORK/responses" 2>/dev/null) || true; echo "${n:-0}"; }
seq 1 "$TOTAL" | xargs -P 16 -I{} bash -c 'post {}' >"$WORK/responses" &
sender=$!
while (( $(accepted_so_far) < KILL_AFTER )); do sleep 0.05; done
pid="$(pgrep -f "domains/$DOMAIN/config" | head -n 1)"
kill -9 "$pid"
killed_at=$(date +%s.%N)
log "killed the server (pid $pid) with $(accepted_so_far) accepted"
wait "$sender" || true
accepted=$(accepted_so_far)
log "restarting; $accepted notifications were accepted (202) before and during the crash"
"$ASADMIN" start-domain "$DOMAIN" >/dev/null
grep ' 202$' "$WORK/responses" | cut -d' ' -f1 | sed 's/^/kill-/' >"$WORK/accepted"

psql_kill() { PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -qAt "$@"; }
psql_kill -c "create temp table x(id text)" >/dev/null 2>&1 || true
deadline=$((SECONDS + 900))
while :; do
  delivered=$(psql_kill -c "select count(*) from email_log where status = 'DELIVERED' and request_id in ($(sed "s/.*/'&'/" "$WORK/accepted" | paste -sd,))")
  (( delivered >= accepted )) && break
  (( SECONDS > deadline )) && break
  sleep 1
done
drain=$(echo "$(date +%s.%N) - $killed_at" | bc)
missing=$((accepted - delivered))
received=$(curl -s "http://127.0.0.1:$GM_API/api/user" | grep -o '"email":"kill-[0-9]*@example.com"' | wc -l)
dupes=0
for u in $(curl -s "http://127.0.0.1:$GM_API/api/user" | grep -o 'kill-[0-9]*@example.com' | sort -u); do
  n=$(curl -s "http://127.0.0.1:$GM_API/api/user/$u/messages" | grep -o '"uid"' | wc -l)
  (( n > 1 )) && dupes=$((dupes + n - 1))
done
rows=$(psql_kill -c "select count(*) from email_log")
printf '\nkill test: sent %d, accepted %d, rows %d, delivered (of accepted) %d, not delivered %d,\n' \
  "$TOTAL" "$accepted" "$rows" "$delivered" "$missing"
printf '           recipients that got mail %d, emails sent twice %d, crash to all delivered %.1f s\n' \
  "$received" "$dupes" "$drain"
(( missing == 0 ))
