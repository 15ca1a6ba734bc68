#!/usr/bin/env bash
# Several Herald instances on this machine: one OpenMQ broker outside the servers (imqbrokerd from the
# Payara distribution, file store), N Payara domains running the same EAR on it and on the same
# PostgreSQL, each configured by configure-domain.sh like the single server, and an HAProxy in front
# that sends requests only to instances whose /health/ready is UP. ADR 0017 explains the choices.
#
#   cluster.sh up [N] [--fresh]   start the broker, N instances (default 2) and the balancer; returns
#                                 once the balancer answers /health/ready. --fresh first deletes this
#                                 cluster's domains, broker store and database (tests).
#   cluster.sh down               stop the balancer, every instance, the broker
#   cluster.sh kill I             kill -9 instance I (a crash: no shutdown, in-doubt XA left behind)
#   cluster.sh start I            start instance I again (as after a crash: it recovers its XA branches)
#   cluster.sh stop I             stop instance I cleanly (the balancer then sends to the others)
#   cluster.sh broker-stop        stop the broker (SIGTERM), e.g. for an outage test
#   cluster.sh broker-start       start the broker again on its store
#   cluster.sh status             what runs, and each instance's readiness
#
# Settings (environment; the defaults are the local run cluster of run-cluster.sh):
#   CLUSTER_NAME (herald)       names the domains (herald-01, herald-02, ...), the data grid and the
#                               state directory .runtime/cluster/<name>
#   CLUSTER_PORTBASE (8000)     instance I gets portbase CLUSTER_PORTBASE + 100*I (http 8180, 8280, ...;
#                               admin 8148, 8248, ...)
#   BROKER_PORT (7676), BROKER_BIND (127.0.0.1)   the broker's port mapper and the address it listens on
#   LB_PORT (8080), LB_BIND (127.0.0.1)   where the balancer listens
#   DATAGRID_PORTBASE (5910)    instance I's data grid member listens on DATAGRID_PORTBASE + I
#   EXTRA_JVM_OPTIONS           more JVM options for every instance, one per line
#   and everything env.sh reads (DB_*, SMTP_*, ...), the same for every instance.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

CLUSTER_NAME="${CLUSTER_NAME:-herald}"
CLUSTER_PORTBASE="${CLUSTER_PORTBASE:-8000}"
BROKER_PORT="${BROKER_PORT:-7676}"
BROKER_BIND="${BROKER_BIND:-127.0.0.1}"
LB_PORT="${LB_PORT:-8080}"
LB_BIND="${LB_BIND:-127.0.0.1}"
DATAGRID_PORTBASE="${DATAGRID_PORTBASE:-5910}"
STATE_DIR="$RUNTIME_DIR/cluster/$CLUSTER_NAME"
BROKER_HOME="$STATE_DIR/broker"
IMQ_BIN="$PAYARA_HOME/mq/bin"
MAX_INSTANCES=9

instance_name() { printf '%s-%02d' "$CLUSTER_NAME" "$1"; }
instance_portbase() { echo $((CLUSTER_PORTBASE + 100 * $1)); }
instance_http_port() { echo $(($(instance_portbase "$1") + 80)); }
instance_count() { cat "$STATE_DIR/instances" 2>/dev/null || echo 0; }

# Runs "$@" with env.sh's settings for instance $1 (its domain, ports, broker, XA name, data grid).
in_instance() {
  local i=$1 n members="" k; shift
  n="$(instance_count)"
  for ((k = 1; k <= n; k++)); do members+="${members:+,}127.0.0.1:$((DATAGRID_PORTBASE + k))"; done
  (
    export DOMAIN="$(instance_name "$i")" PORTBASE="$(instance_portbase "$i")"
    export JMS_MODE=REMOTE JMS_BROKER_HOST=127.0.0.1 JMS_BROKER_PORT="$BROKER_PORT"
    # every name has the same length, so none is a prefix of another (XA recovery matches by prefix)
    export XA_SERVER_NAME="$DOMAIN"
    export DATAGRID_MEMBERS="$members" DATAGRID_PORT="$((DATAGRID_PORTBASE + i))" DATAGRID_GROUP="$CLUSTER_NAME"
    source "$SERVER_CONFIG_DIR/bin/env.sh"
    "$@"
  )
}

# --- broker ------------------------------------------------------------------------------------
# the broker's JVM(s), found by its store directory on the command line (also one whose imqbrokerd
# script is gone), and the script
broker_jvms() {
  local dir; dir="$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$BROKER_HOME")"
  pgrep -f -- "-Dimq\.varhome=$dir( |\$)" || true
}
broker_pid() {
  local p; p="$(cat "$STATE_DIR/broker.pid" 2>/dev/null)" || p=""
  echo $( { [[ -n "$p" ]] && alive "$p" && echo "$p"; broker_jvms; } ) | grep . || return 1
}

imqcmd() {
  "$IMQ_BIN/imqcmd" "$@" -b "127.0.0.1:$BROKER_PORT" -u admin -passfile "$STATE_DIR/broker.pass" -f -s 2>&1
}

broker_start() {
  if broker_pid >/dev/null; then return 0; fi
  port_open 127.0.0.1 "$BROKER_PORT" && die "port $BROKER_PORT is taken by another process; set BROKER_PORT"
  mkdir -p "$BROKER_HOME"
  # the broker's default administrator (admin/admin), as Payara's jms-host uses it; for a production
  # broker change it with imqusermgr and set the jms-host's admin-user-name/admin-password to match
  echo "imq.imqcmd.password=admin" >"$STATE_DIR/broker.pass"
  log "starting the OpenMQ broker on 127.0.0.1:$BROKER_PORT (store $BROKER_HOME)"
  # its own session, all descriptors to its log: it outlives the shell (or test) that started it
  setsid nohup "$IMQ_BIN/imqbrokerd" -varhome "$BROKER_HOME" -name herald -port "$BROKER_PORT" -silent \
    -Dimq.hostname="$BROKER_BIND" -vmargs "-Xms256m -Xmx1g" </dev/null >"$STATE_DIR/broker.log" 2>&1 &
  echo $! >"$STATE_DIR/broker.pid"
  local deadline=$((SECONDS + 120))
  until imqcmd query bkr >/dev/null; do
    broker_pid >/dev/null || die "the broker stopped while starting; see $STATE_DIR/broker.log"
    (( SECONDS < deadline )) || die "the broker did not start within 120 s; see $STATE_DIR/broker.log"
    sleep 1
  done
  local q
  for q in $JMS_QUEUES; do
    # every instance's MDBs consume from the same queue: no limit on active consumers
    imqcmd query dst -t q -n "$q" >/dev/null || imqcmd create dst -t q -n "$q" -o maxNumActiveConsumers=-1 >/dev/null \
      || die "could not create queue $q on the broker"
  done
}

# imqbrokerd is a script that waits for the broker's JVM and acts on a signal only once that JVM has
# ended: so the JVM is signalled itself (SIGTERM runs the broker's orderly shutdown)
broker_stop() {
  local pids left; pids="$(broker_pid)" || return 0
  log "stopping the broker (pid $(echo $pids))"
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 120); do
    left=""; for q in $pids; do alive "$q" && left+=" $q"; done
    [[ -z "$left" ]] && break
    sleep 0.5
  done
  [[ -n "$left" ]] && { log "broker still running after 60 s; SIGKILL"; kill -KILL $left 2>/dev/null || true; }
  for _ in $(seq 1 40); do port_open 127.0.0.1 "$BROKER_PORT" || break; sleep 0.5; done
  rm -f "$STATE_DIR/broker.pid"
}

# --- instances ---------------------------------------------------------------------------------
instance_up() {
  local i=$1
  in_instance "$i" bash "$SERVER_CONFIG_DIR/bin/configure-domain.sh" --restart-if-needed
  log "deploying the EAR to $(instance_name "$i")"
  in_instance "$i" asadmin deploy --force=true --name notification "$PROJECT_DIR/notification-ear/target/notification.ear" >/dev/null \
    || die "deploying to $(instance_name "$i") failed; see its server.log"
}

start_and_wait() { "$ASADMIN" start-domain "$DOMAIN" >/dev/null && wait_until_ready; }
instance_start() {
  local i=$1
  log "starting $(instance_name "$i")"
  in_instance "$i" start_and_wait || die "$(instance_name "$i") did not start; see its server.log"
}

instance_stop() { in_instance "$1" bash "$SERVER_CONFIG_DIR/bin/stop-domain.sh"; }

instance_kill() {
  local pids; pids="$(in_instance "$1" domain_pids)"
  [[ -n "$pids" ]] || die "$(instance_name "$1") is not running"
  log "kill -9 $(instance_name "$1") (pid $(echo $pids))"
  kill -KILL $pids
  for _ in $(seq 1 40); do [[ -z "$(in_instance "$1" domain_pids)" ]] && return 0; sleep 0.25; done
}

# --- balancer ----------------------------------------------------------------------------------
lb_pid() { local p; p="$(cat "$STATE_DIR/haproxy.pid" 2>/dev/null)" || return 1; alive "$p" && echo "$p"; }

# an answer of the balancer itself, as application/problem+json like the service's own errors
problem_file() {
  local code=$1 reason=$2 detail=$3 body
  body="{\"type\":\"about:blank\",\"title\":\"$reason\",\"status\":$code,\"detail\":\"$detail\"}"
  printf 'HTTP/1.1 %s %s\r\nContent-Type: application/problem+json\r\nRetry-After: 5\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Length: %s\r\n\r\n%s' \
    "$code" "$reason" "${#body}" "$body" >"$STATE_DIR/$code.http"
}

lb_start() {
  require_command haproxy haproxy "the load balancer in front of the instances"
  local n i servers=""
  n="$(instance_count)"
  for ((i = 1; i <= n; i++)); do
    servers+="    server $(instance_name "$i") 127.0.0.1:$(instance_http_port "$i") check"$'\n'
  done
  # every instance, checked on the given health endpoint
  backend() {
    printf 'backend %s\n    balance roundrobin\n    option httpchk\n    http-check send meth GET uri %s\n' "$1" "$2"
    printf '    http-check expect status 200\n    default-server inter 1s fall 2 rise 2\n%s\n' "$servers"
  }
  problem_file 502 "Bad Gateway" "the instance handling the request stopped; retry it with the same request_id or Idempotency-Key"
  problem_file 503 "Service Unavailable" "no instance is available; retry later"
  problem_file 504 "Gateway Timeout" "the instance did not answer in time; retry it with the same request_id or Idempotency-Key"
  cat >"$STATE_DIR/haproxy.cfg" <<CFG
# generated by cluster.sh: do not edit (ADR 0017)
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    timeout http-request 30s
    # a request whose connection to an instance failed goes to another instance (nothing was sent yet)
    retries 3
    option redispatch
    errorfile 502 $STATE_DIR/502.http
    errorfile 503 $STATE_DIR/503.http
    errorfile 504 $STATE_DIR/504.http

frontend herald
    bind $LB_BIND:$LB_PORT
    # ready instances take the traffic; when none is ready (the broker is away) the live ones still
    # answer: reads work, and a POST gets the service's own 503 with Retry-After
    use_backend ready if { nbsrv(ready) gt 0 }
    default_backend live

$(backend ready /health/ready)
$(backend live /health/live)
CFG
  haproxy -c -q -f "$STATE_DIR/haproxy.cfg" || die "the generated $STATE_DIR/haproxy.cfg is not valid"
  local old; old="$(lb_pid)" || old=""
  if [[ -n "$old" ]]; then
    log "reloading the balancer"
    haproxy -f "$STATE_DIR/haproxy.cfg" -p "$STATE_DIR/haproxy.pid" -D -sf "$old"
  else
    port_open "$LB_BIND" "$LB_PORT" && die "port $LB_PORT is taken by another process (the single server?); set LB_PORT"
    log "starting the balancer (HAProxy) on $LB_BIND:$LB_PORT"
    haproxy -f "$STATE_DIR/haproxy.cfg" -p "$STATE_DIR/haproxy.pid" -D
  fi
}

lb_stop() {
  local p; p="$(lb_pid)" || return 0
  kill -TERM "$p" 2>/dev/null || true
  for _ in $(seq 1 40); do alive "$p" || break; sleep 0.25; done
  rm -f "$STATE_DIR/haproxy.pid"
}

wait_lb_ready() {
  local deadline=$((SECONDS + ${1:-120}))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$LB_PORT/health/ready")" == 200 ]]; do
    (( SECONDS < deadline )) || die "the balancer does not answer /health/ready with 200"
    sleep 1
  done
}

# --- commands ----------------------------------------------------------------------------------
up() {
  local n=2 fresh=false a
  for a in "$@"; do
    case "$a" in
      --fresh) fresh=true ;;
      [0-9]*) n=$a ;;
      *) die "up: unknown argument $a" ;;
    esac
  done
  (( n >= 1 && n <= MAX_INSTANCES )) || die "up: between 1 and $MAX_INSTANCES instances"
  require_payara
  require_curl
  [[ -f "$PROJECT_DIR/notification-ear/target/notification.ear" ]] || die "no EAR: build first (./mvnw install -DskipTests)"
  if $fresh; then
    down
    local i
    for ((i = 1; i <= MAX_INSTANCES; i++)); do
      # a domain whose creation was cut short cannot be deleted by asadmin: its directory goes
      [[ -d "$PAYARA_HOME/glassfish/domains/$(instance_name "$i")" ]] \
        && { "$ASADMIN" --interactive=false delete-domain "$(instance_name "$i")" >/dev/null 2>&1 \
             || rm -rf "$PAYARA_HOME/glassfish/domains/$(instance_name "$i")"; }
    done
    rm -rf "$STATE_DIR"
    bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh" --recreate
  else
    bash "$SERVER_CONFIG_DIR/bin/ensure-postgres.sh"
  fi
  mkdir -p "$STATE_DIR"
  echo "$n" >"$STATE_DIR/instances"
  broker_start
  # one after the other: the first creates the schema and the bootstrap key before the next starts
  local i
  for ((i = 1; i <= n; i++)); do instance_up "$i"; done
  lb_start
  wait_lb_ready
  log "cluster $CLUSTER_NAME up: $n instance(s) behind http://$LB_BIND:$LB_PORT, broker 127.0.0.1:$BROKER_PORT"
}

down() {
  lb_stop
  local i n; n="$(instance_count)"
  for ((i = 1; i <= n; i++)); do instance_stop "$i"; done
  broker_stop
}

status() {
  local i n code; n="$(instance_count)"
  if p="$(broker_pid)"; then echo "broker     127.0.0.1:$BROKER_PORT (pid $p)"; else echo "broker     stopped"; fi
  for ((i = 1; i <= n; i++)); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$(instance_http_port "$i")/health/ready" || true)"
    echo "$(instance_name "$i")  http://127.0.0.1:$(instance_http_port "$i")  admin http://127.0.0.1:$(($(instance_portbase "$i") + 48))  ready=$code"
  done
  if p="$(lb_pid)"; then echo "balancer   http://$LB_BIND:$LB_PORT (pid $p)"; else echo "balancer   stopped"; fi
}

instance_arg() {
  [[ "${1:-}" =~ ^[1-9]$ ]] && (( $1 <= $(instance_count) )) || die "no instance '${1:-}' (1..$(instance_count))"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  up) up "$@" ;;
  down) down ;;
  kill) instance_arg "${1:-}"; instance_kill "$1" ;;
  start) instance_arg "${1:-}"; instance_start "$1" ;;
  stop) instance_arg "${1:-}"; instance_stop "$1" ;;
  broker-stop) broker_stop ;;
  broker-start) broker_start ;;
  status) status ;;
  *) die "usage: cluster.sh up [N] [--fresh] | down | kill I | start I | stop I | broker-stop | broker-start | status" ;;
esac
