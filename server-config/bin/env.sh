#!/usr/bin/env bash
# Shared settings for the server-config scripts. Every value can be overridden from the
# environment; the defaults run everything on this machine. Documented in README.md.
set -euo pipefail

SERVER_CONFIG_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT_DIR="$(cd "$SERVER_CONFIG_DIR/.." && pwd)"
RUNTIME_DIR="${RUNTIME_DIR:-$PROJECT_DIR/.runtime}"
PAYARA_HOME="${PAYARA_HOME:-$RUNTIME_DIR/payara6}"
# without ../ or symlinks: the servers' JVMs are found by this path on their command line
[[ -d "$PAYARA_HOME" ]] && PAYARA_HOME="$(cd "$PAYARA_HOME" && pwd -P)"
ASADMIN="$PAYARA_HOME/bin/asadmin"

DOMAIN="${DOMAIN:-notification}"
PORTBASE="${PORTBASE:-}"                 # empty: Payara's defaults (admin 4848, http 8080, jms 7676)
DOMAIN_DIR="$PAYARA_HOME/glassfish/domains/$DOMAIN"

DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-5432}"
DB_NAME="${DB_NAME:-notification}"
DB_USER="${DB_USER:-notification}"
DB_PASSWORD="${DB_PASSWORD:-notification}"
DB_POOL_MAX="${DB_POOL_MAX:-32}"
HTTP_THREADS="${HTTP_THREADS:-32}"         # max request threads (Payara's default is 5)
PG_SUPERUSER="${PG_SUPERUSER:-postgres}"   # used only to create the role/database and enable XA

SMTP_HOST="${SMTP_HOST:-127.0.0.1}"
SMTP_PORT="${SMTP_PORT:-2525}"
SMTP_USER="${SMTP_USER:-}"
SMTP_PASSWORD="${SMTP_PASSWORD:-}"
SMTP_STARTTLS="${SMTP_STARTTLS:-false}"
MAIL_FROM="${MAIL_FROM:-Herald <noreply@herald.local>}"

# the service's queues (physical destinations on the broker)
JMS_QUEUES="${JMS_QUEUES:-NotificationEmailQueue NotificationBatchQueue NotificationPushQueue NotificationCallbackQueue NotificationDeadLetterQueue}"
# Several instances (cluster.sh sets these per instance; the single server leaves them empty):
JMS_MODE="${JMS_MODE:-EMBEDDED}"           # REMOTE: use the broker at JMS_BROKER_HOST:JMS_BROKER_PORT
JMS_BROKER_HOST="${JMS_BROKER_HOST:-127.0.0.1}"
JMS_BROKER_PORT="${JMS_BROKER_PORT:-7676}"
XA_SERVER_NAME="${XA_SERVER_NAME:-}"       # this instance's name in XA transaction ids: unique per instance
DATAGRID_MEMBERS="${DATAGRID_MEMBERS:-}"   # host:port,... of every instance's data grid member (TCP/IP discovery)
DATAGRID_PORT="${DATAGRID_PORT:-}"         # this instance's data grid port (one of DATAGRID_MEMBERS)
DATAGRID_GROUP="${DATAGRID_GROUP:-herald}" # data grid cluster name: instances with the same one share state

log() { printf '[server-config] %s\n' "$*" >&2; }
die() { printf '[server-config] ERROR: %s\n' "$*" >&2; exit 1; }

# port of a Payara listener for the chosen portbase (offsets as in asadmin create-domain --portbase)
port_for() {
  local offset=$1 default=$2
  if [[ -n "$PORTBASE" ]]; then echo $((PORTBASE + offset)); else echo "$default"; fi
}
ADMIN_PORT="$(port_for 48 4848)"
HTTP_PORT="$(port_for 80 8080)"
JMS_PORT="$(port_for 76 7676)"

asadmin() {
  "$ASADMIN" --user admin --port "$ADMIN_PORT" --interactive=false "$@"
}

require_payara() {
  if [[ ! -x "$ASADMIN" ]]; then
    [[ -f "$ASADMIN" ]] || die "Payara is not provisioned at $PAYARA_HOME; run: mvn -pl server-config install"
    chmod +x "$PAYARA_HOME"/bin/* "$PAYARA_HOME"/glassfish/bin/* "$PAYARA_HOME"/mq/bin/* 2>/dev/null || true
  fi
}

# something listens on host $1, port $2
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# a process's children, grandchildren, ...
descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }

# the process exists and is not a zombie (one that has exited, waiting to be reaped)
alive() { [[ -n "$(ps -o stat= -p "$1" 2>/dev/null | grep -v '^Z')" ]]; }

# PIDs of the JVMs running this domain, found by the domain directory on their command line: also a
# server that is still starting (no admin listener, no pid file yet), which stop-domain does not see.
# The pattern is escaped, so no pgrep/grep searching for it matches itself or another one.
domain_pids() {
  local dir; dir="$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$DOMAIN_DIR")"
  pgrep -f -- "-Dcom\.sun\.aas\.instanceRoot=$dir( |\$)" || true
}

# A command from a Debian package, installed with apt-get when missing (root; ALLOW_INSTALL=false
# forbids it, as for PostgreSQL): require_command <command> <package> <what it is for>
require_command() {
  local cmd=$1 pkg=$2 why=$3
  command -v "$cmd" >/dev/null && return 0
  if [[ "${ALLOW_INSTALL:-true}" == "true" && $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    log "$cmd is not installed ($why); installing $pkg with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
  fi
  command -v "$cmd" >/dev/null || die "$cmd is needed ($why): apt-get install $pkg"
}
# curl asks the admin endpoint whether the server is ready
require_curl() { require_command curl curl "to ask the server whether it is ready"; }

# Waits (at most $1 seconds, default 600) until the domain has finished starting, including loading
# the applications already deployed in it. start-domain and restart-domain return earlier: the server
# writes its pid file, which they wait for, before it loads the deployed applications, and asadmin's
# REST endpoint (/command) accepts commands such as deploy during that load (issue 9: a deploy --force
# racing the load of the old EAR). The classic endpoint /__asadmin holds each request until the
# server's SERVER_READY event, sent once the deployed applications are loaded (Payara's default
# fish.payara.ready-after-applications=true); after 20 s it answers "cannot process this command at
# this time", and we ask again. Fails early if no JVM of the domain is running.
wait_until_ready() {
  local deadline=$((SECONDS + ${1:-600})) out
  require_curl
  while (( SECONDS < deadline )); do
    [[ -n "$(domain_pids)" ]] || return 1
    out="$(curl -s --max-time 30 -H 'Accept: text/plain' "http://127.0.0.1:$ADMIN_PORT/__asadmin/uptime" 2>/dev/null)" || true
    [[ "$out" == PlainTextActionReporterSUCCESS* ]] && return 0
    sleep 1
  done
  return 1
}
