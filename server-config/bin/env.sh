#!/usr/bin/env bash
# Shared settings for the server-config scripts. Every value can be overridden from the
# environment; the defaults run everything on this machine. Documented in README.md.
set -euo pipefail

SERVER_CONFIG_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT_DIR="$(cd "$SERVER_CONFIG_DIR/.." && pwd)"
RUNTIME_DIR="${RUNTIME_DIR:-$PROJECT_DIR/.runtime}"
PAYARA_HOME="${PAYARA_HOME:-$RUNTIME_DIR/payara6}"
ASADMIN="$PAYARA_HOME/bin/asadmin"

DOMAIN="${DOMAIN:-notification}"
PORTBASE="${PORTBASE:-}"                 # empty: Payara's defaults (admin 4848, http 8080, jms 7676)

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
