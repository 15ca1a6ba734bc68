#!/usr/bin/env bash
# Idle-server latency from acceptance to the SMTP server's 250, against a running service
# (server-config/bin/run.sh). Sends N notifications one at a time, each after the previous one
# was delivered, then reads created_at -> DELIVERED event time from the database. Prints numbers;
# asserts nothing (this is a measurement, not a test). Usage: [KEY=hk_...] measure-idle-latency.sh [N]
# KEY defaults to the bootstrap admin key from the server log.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
KEY="${KEY:-$(grep -o 'BOOTSTRAP ADMIN API KEY[^:]*: hk_[A-Za-z0-9_-]*' "$PAYARA_HOME/glassfish/domains/$DOMAIN/logs/server.log" 2>/dev/null | tail -n 1 | sed 's/.*: //')}"
[[ -n "$KEY" ]] || die "set KEY to an API key with send and read scopes"
AUTH="Authorization: Bearer $KEY"
N="${1:-50}"
API="http://127.0.0.1:$HTTP_PORT/api/v1"
run="lat-$(date +%s)"
curl -s -o /dev/null -X POST "$API/templates" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"code":"latency_probe","subject":"Probe {{i}}","body_text":"probe {{i}}","body_html":"<p>probe {{i}}</p>"}'
for i in $(seq 1 "$N"); do
  id="$run-$i"
  curl -fs -o /dev/null -X POST "$API/notifications" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"notification_type\":\"email\",\"request_id\":\"$id\",\"to\":\"probe-$i@example.com\",\"template_code\":\"latency_probe\",\"variables\":{\"i\":$i}}"
  for _ in $(seq 1 200); do
    curl -fs -H "$AUTH" "$API/notifications/$id" | grep -q '"status":"DELIVERED"' && break
    sleep 0.05
  done
done
PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -qAt -F ' ' -c "
  with d as (
    select extract(epoch from (e.occurred_at - l.created_at)) * 1000 as ms
    from email_log l join delivery_event e on e.email_log_id = l.id and e.type = 'DELIVERED'
    where l.request_id like '$run-%' and l.request_id <> '$run-1')
  select 'accept->SMTP 250 (ms, n=' || count(*) || '): p50', round(percentile_cont(0.5) within group (order by ms)::numeric, 1),
         'p90', round(percentile_cont(0.9) within group (order by ms)::numeric, 1),
         'p99', round(percentile_cont(0.99) within group (order by ms)::numeric, 1),
         'max', round(max(ms)::numeric, 1) from d"
