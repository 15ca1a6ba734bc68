#!/usr/bin/env bash
# Makes sure a local PostgreSQL is running, has max_prepared_transactions > 0 (XA needs it) and
# has the service's role and database. With --recreate the database is dropped first (tests).
#
# If PostgreSQL is missing and we may install it (root with apt-get; ALLOW_INSTALL=true by
# default), it is installed from the OS packages; otherwise the exact commands are printed.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

RECREATE=false
[[ "${1:-}" == "--recreate" ]] && RECREATE=true
ALLOW_INSTALL="${ALLOW_INSTALL:-true}"

local_db() { [[ "$DB_HOST" == "127.0.0.1" || "$DB_HOST" == "localhost" ]]; }

psql_super() {
  # trust/peer authentication as the superuser, over TCP first, then the local socket
  export PGOPTIONS="-c client_min_messages=warning"
  if PGCONNECT_TIMEOUT=5 psql -h "$DB_HOST" -p "$DB_PORT" -U "$PG_SUPERUSER" -d postgres -v ON_ERROR_STOP=1 -qAt -c 'select 1' >/dev/null 2>&1; then
    PGCONNECT_TIMEOUT=5 psql -h "$DB_HOST" -p "$DB_PORT" -U "$PG_SUPERUSER" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
  elif [[ $EUID -eq 0 ]] && command -v runuser >/dev/null; then
    runuser -u postgres -- psql -p "$DB_PORT" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
  else
    die "cannot connect to PostgreSQL at $DB_HOST:$DB_PORT as $PG_SUPERUSER; set PG_SUPERUSER or grant access"
  fi
}

cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

start_local_cluster() {
  local v; v="$(cluster_version)"
  [[ -n "$v" ]] || return 1
  log "starting PostgreSQL $v"
  pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || pg_ctlcluster "$v" main start
}

restart_local_cluster() {
  local v; v="$(cluster_version)"
  log "restarting PostgreSQL $v to apply max_prepared_transactions"
  pg_ctlcluster --skip-systemctl-redirect "$v" main restart 2>/dev/null || pg_ctlcluster "$v" main restart
}

wait_ready() {
  for _ in $(seq 1 60); do
    pg_isready -q -h "$DB_HOST" -p "$DB_PORT" && return 0
    sleep 0.5
  done
  return 1
}

if ! command -v pg_isready >/dev/null || { local_db && [[ -z "$(cluster_version)" ]]; }; then
  if local_db && [[ "$ALLOW_INSTALL" == "true" && $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    log "PostgreSQL is not installed; installing it with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-client >/dev/null
  else
    cat >&2 <<MSG
[server-config] PostgreSQL is required. Install and start it, then run this again:
    sudo apt-get install -y postgresql
    sudo pg_ctlcluster \$(ls /etc/postgresql) main start
    sudo -u postgres psql -c "ALTER SYSTEM SET max_prepared_transactions = 64"
    sudo pg_ctlcluster \$(ls /etc/postgresql) main restart
MSG
    exit 1
  fi
fi

if ! pg_isready -q -h "$DB_HOST" -p "$DB_PORT"; then
  local_db || die "PostgreSQL at $DB_HOST:$DB_PORT does not answer"
  start_local_cluster || die "no local PostgreSQL cluster to start"
  wait_ready || die "PostgreSQL did not become ready"
fi

mpt="$(psql_super -c 'show max_prepared_transactions')"
if [[ "$mpt" == "0" ]]; then
  local_db || die "max_prepared_transactions is 0 on $DB_HOST; XA needs it > 0 (ALTER SYSTEM SET max_prepared_transactions = 64; restart)"
  psql_super -c "ALTER SYSTEM SET max_prepared_transactions = 64" >/dev/null
  restart_local_cluster
  wait_ready || die "PostgreSQL did not come back after the restart"
  mpt="$(psql_super -c 'show max_prepared_transactions')"
fi
log "PostgreSQL ready at $DB_HOST:$DB_PORT (max_prepared_transactions=$mpt)"

if [[ "$(psql_super -c "select 1 from pg_roles where rolname = '$DB_USER'")" != "1" ]]; then
  log "creating role $DB_USER"
  psql_super -c "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD'" >/dev/null
fi
if $RECREATE; then
  # roll back prepared transactions left by a killed or stopping server: they block the drop
  # (retried for a few seconds: a server that is still shutting down may prepare one more)
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    printf "select format('ROLLBACK PREPARED %%L', gid) from pg_prepared_xacts where database = '%s' \\gexec\n" "$DB_NAME" \
      | psql_super -d "$DB_NAME" >/dev/null 2>&1 || true
    psql_super -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 && break
    (( attempt < 10 )) || psql_super -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null
    sleep 1
  done
fi
if [[ "$(psql_super -c "select 1 from pg_database where datname = '$DB_NAME'")" != "1" ]]; then
  log "creating database $DB_NAME"
  psql_super -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\"" >/dev/null
fi
