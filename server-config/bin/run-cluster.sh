#!/usr/bin/env bash
# run-cluster.sh [N]: the run command for several instances (default 2). Like run.sh it builds the
# EAR, provisions Payara, makes sure the local PostgreSQL is running and configured for XA and starts
# the capture SMTP server; then cluster.sh starts one OpenMQ broker outside the servers, N Payara
# domains on it and on the same database, and HAProxy in front at http://127.0.0.1:8080. It prints
# the URLs and stays in the foreground until Ctrl-C, SIGTERM or SIGHUP, which stop everything it
# started, also while it is still starting (status 0). It exits non-zero, after stopping everything,
# if a step fails or the balancer goes away by itself. An instance or the broker that stops is reported,
# not fatal: the others carry on (POSTs get 503 while the broker is away), and `cluster.sh start I` or
# `cluster.sh broker-start` brings it back.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PROJECT_DIR"

N="${1:-2}"
[[ "$N" =~ ^[1-9]$ ]] || die "usage: run-cluster.sh [N]   (1..9 instances, default 2)"
CLUSTER_NAME="${CLUSTER_NAME:-herald}"
CLUSTER_PORTBASE="${CLUSTER_PORTBASE:-8000}"
BROKER_PORT="${BROKER_PORT:-7676}"
LB_PORT="${LB_PORT:-8080}"
export CLUSTER_NAME CLUSTER_PORTBASE BROKER_PORT LB_PORT
CLUSTER="$SERVER_CONFIG_DIR/bin/cluster.sh"
STATE_DIR="$RUNTIME_DIR/cluster/$CLUSTER_NAME"
cluster_touched=false

# the JVMs of this cluster's domains, also ones still starting: cluster.sh down stops them
server_pids() {
  local dir; dir="$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$PAYARA_HOME/glassfish/domains/$CLUSTER_NAME-")"
  pgrep -f -- "-Dcom\.sun\.aas\.instanceRoot=$dir[0-9]+( |\$)" || true
}

# balancer, instances, then the broker they use
stop_servers() { $cluster_touched && bash "$CLUSTER" down; }
source "$SERVER_CONFIG_DIR/bin/foreground.sh"

log "building (./mvnw install -DskipTests) and provisioning Payara ${PAYARA_HOME#$PROJECT_DIR/}"
step ./mvnw -q -B install -DskipTests
step bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh"
start_capture_smtp
cluster_touched=true
step bash "$CLUSTER" up "$N"

cat <<MSG

  Herald is running as $N instances behind a load balancer (cluster $CLUSTER_NAME).

    API            http://127.0.0.1:$LB_PORT/api/v1/notifications   (HAProxy; sends only to ready instances)
    Health         http://127.0.0.1:$LB_PORT/health/ready
    Metrics        http://127.0.0.1:$LB_PORT/metrics   (with a key: -H "Authorization: Bearer \$KEY"; per instance)
MSG
for ((i = 1; i <= N; i++)); do
  pb=$((CLUSTER_PORTBASE + 100 * i))
  printf '    Instance %d     http://127.0.0.1:%d   admin console http://127.0.0.1:%d   (domain %s-%02d)\n' \
    "$i" $((pb + 80)) $((pb + 48)) "$CLUSTER_NAME" "$i"
done
cat <<MSG
    Broker         127.0.0.1:$BROKER_PORT   (OpenMQ, store ${STATE_DIR#$PROJECT_DIR/}/broker; imqcmd list dst -b 127.0.0.1:$BROKER_PORT -u admin)
MSG
print_mail_and_key "$PAYARA_HOME/glassfish/domains/$CLUSTER_NAME-01/logs"
cat <<MSG

  Try it: kill -9 an instance (server-config/bin/cluster.sh kill 1) and keep sending; bring it back with
  server-config/bin/cluster.sh start 1. Ctrl-C stops everything.

MSG

down_reported=""
while true; do
  sleep 5 &
  wait $! || true
  [[ -n "$(cat "$STATE_DIR/haproxy.pid" 2>/dev/null)" ]] && alive "$(cat "$STATE_DIR/haproxy.pid")" \
    || die "the balancer has stopped"
  now=""
  [[ -n "$(cat "$STATE_DIR/broker.pid" 2>/dev/null)" ]] && alive "$(cat "$STATE_DIR/broker.pid")" || now+=" broker"
  for ((i = 1; i <= N; i++)); do
    d="$(printf '%s-%02d' "$CLUSTER_NAME" "$i")"
    DOMAIN_DIR="$PAYARA_HOME/glassfish/domains/$d"
    [[ -n "$(domain_pids)" ]] || now+=" $d"
  done
  [[ "$now" != "$down_reported" && -n "$now" ]] && log "not running:$now (cluster.sh start I / broker-start)"
  down_reported="$now"
done
