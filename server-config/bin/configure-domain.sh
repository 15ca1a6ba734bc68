#!/usr/bin/env bash
# Creates the Payara domain $DOMAIN if it does not exist, starts it, and applies the service's
# resources idempotently: XA JDBC pool + resource, JMS connection factory, queues (email, push,
# callback, dead-letter) as physical destinations, the Jakarta Mail session, JSON logging. Leaves the
# domain running and finished starting (the applications deployed in it loaded), so that a deploy can
# follow. Settings come from env.sh (environment variables with local defaults).
#
# --restart-if-needed: afterwards restart the domain, but only if this run changed something that
# may be read only when the server starts: the domain is new, the JDBC driver in lib/ was replaced
# while the server ran, a JVM option was added, or a `set` changed a value (pool, thread pool,
# transaction recovery, role mapping). Creating resources and the mail session takes effect at once.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
require_payara

RESTART_IF_NEEDED=false
[[ "${1:-}" == "--restart-if-needed" ]] && RESTART_IF_NEEDED=true

created=false
if [[ ! -d "$DOMAIN_DIR" ]]; then
  log "creating domain $DOMAIN${PORTBASE:+ (portbase $PORTBASE)}"
  "$ASADMIN" --interactive=false create-domain --nopassword ${PORTBASE:+--portbase "$PORTBASE"} "$DOMAIN" >/dev/null
  created=true
fi
mkdir -p "$DOMAIN_DIR/lib"
driver_replaced=false
if ! cmp -s "$RUNTIME_DIR/drivers/postgresql.jar" "$DOMAIN_DIR/lib/postgresql.jar"; then
  cp -f "$RUNTIME_DIR/drivers/postgresql.jar" "$DOMAIN_DIR/lib/postgresql.jar"
  driver_replaced=true
fi

was_running=true
if ! asadmin list-applications >/dev/null 2>&1; then
  was_running=false
  log "starting domain $DOMAIN (admin port $ADMIN_PORT)"
  "$ASADMIN" start-domain "$DOMAIN" >/dev/null
fi
# start-domain returns before the server has loaded the applications deployed in it; nothing may run
# alongside that load (see wait_until_ready in env.sh)
wait_until_ready || die "domain $DOMAIN did not finish starting; see $DOMAIN_DIR/logs/server.log"

# asadmin property lists are colon-separated; escape ':' and '=' inside values
esc() { local v=$1; v=${v//\\/\\\\}; v=${v//:/\\:}; v=${v//=/\\=}; printf '%s' "$v"; }

pools="$(asadmin list-jdbc-connection-pools 2>/dev/null || true)"
jdbc="$(asadmin list-jdbc-resources 2>/dev/null || true)"
jms="$(asadmin list-jms-resources 2>/dev/null || true)"
dests=""; [[ "$JMS_MODE" == "REMOTE" ]] || dests="$(asadmin list-jmsdest 2>/dev/null || true)"
mail="$(asadmin list-javamail-resources 2>/dev/null || true)"
jvm="$(asadmin list-jvm-options 2>/dev/null || true)"
has() { grep -qx -- "$2" <<<"$1"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cmds="$tmp/commands"
{
  # logServerErrorDetail=false: PostgreSQL's error "Detail" quotes row values (addresses,
  # variables); without it they would reach the server log through EclipseLink's exceptions
  db_props="serverName=$(esc "$DB_HOST"):portNumber=$DB_PORT:databaseName=$(esc "$DB_NAME"):user=$(esc "$DB_USER"):password=$(esc "$DB_PASSWORD"):stringtype=unspecified:logServerErrorDetail=false:reWriteBatchedInserts=true"
  if ! has "$pools" NotificationPool; then
    echo "create-jdbc-connection-pool --datasourceclassname org.postgresql.xa.PGXADataSource --restype javax.sql.XADataSource --steadypoolsize 4 --maxpoolsize $DB_POOL_MAX --isconnectvalidatereq=true --validationmethod=custom-validation --validationclassname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation --failconnection=true --property '$db_props' NotificationPool"
  else
    # keep an existing pool in step with the current settings
    echo "set resources.jdbc-connection-pool.NotificationPool.property.serverName=$DB_HOST"
    echo "set resources.jdbc-connection-pool.NotificationPool.property.portNumber=$DB_PORT"
    echo "set resources.jdbc-connection-pool.NotificationPool.property.databaseName=$DB_NAME"
    echo "set resources.jdbc-connection-pool.NotificationPool.property.user=$DB_USER"
    echo "set resources.jdbc-connection-pool.NotificationPool.property.password=$DB_PASSWORD"
    echo "set resources.jdbc-connection-pool.NotificationPool.property.logServerErrorDetail=false"
    # batches insert their notifications as JDBC batches: let the driver send multi-row INSERTs
    echo "set resources.jdbc-connection-pool.NotificationPool.property.reWriteBatchedInserts=true"
    echo "set resources.jdbc-connection-pool.NotificationPool.max-pool-size=$DB_POOL_MAX"
  fi
  has "$jdbc" jdbc/notification || echo "create-jdbc-resource --connectionpoolid NotificationPool jdbc/notification"

  if [[ "$JMS_MODE" == "REMOTE" ]]; then
    # a broker outside this server (cluster.sh starts it and creates the queues on it), shared by every
    # instance. A connection attempt gives up after 3 tries 1 s apart, so that while the broker is
    # away a request fails fast (503 + Retry-After) instead of waiting for it (with unlimited
    # attempts a POST and /health/ready hang for as long as the outage lasts: measured, ADR 0017)
    echo "set configs.config.server-config.jms-service.type=REMOTE"
    echo "set configs.config.server-config.jms-service.jms-host.default_JMS_host.host=$JMS_BROKER_HOST"
    echo "set configs.config.server-config.jms-service.jms-host.default_JMS_host.port=$JMS_BROKER_PORT"
    echo "set configs.config.server-config.jms-service.reconnect-attempts=3"
    echo "set configs.config.server-config.jms-service.reconnect-interval-in-seconds=1"
    echo "set configs.config.server-config.jms-service.addresslist-iterations=1"
  else
    for q in $JMS_QUEUES; do
      has "$dests" "$q" || echo "create-jmsdest --desttype queue $q"
    done
  fi
  has "$jms" jms/notification/ConnectionFactory || echo "create-jms-resource --restype jakarta.jms.ConnectionFactory jms/notification/ConnectionFactory"
  # explicit: the connection factory must enlist in XA transactions with the JDBC pool
  echo "set resources.connector-connection-pool.jms/notification/ConnectionFactory-Connection-Pool.transaction-support=XATransaction"
  has "$jms" jms/notification/EmailQueue || echo "create-jms-resource --restype jakarta.jms.Queue --property Name=NotificationEmailQueue jms/notification/EmailQueue"
  has "$jms" jms/notification/BatchQueue || echo "create-jms-resource --restype jakarta.jms.Queue --property Name=NotificationBatchQueue jms/notification/BatchQueue"
  has "$jms" jms/notification/PushQueue || echo "create-jms-resource --restype jakarta.jms.Queue --property Name=NotificationPushQueue jms/notification/PushQueue"
  has "$jms" jms/notification/CallbackQueue || echo "create-jms-resource --restype jakarta.jms.Queue --property Name=NotificationCallbackQueue jms/notification/CallbackQueue"
  has "$jms" jms/notification/DeadLetterQueue || echo "create-jms-resource --restype jakarta.jms.Queue --property Name=NotificationDeadLetterQueue jms/notification/DeadLetterQueue"

  # the mail session is cheap to recreate, so it always reflects the current settings
  has "$mail" mail/notification && echo "delete-javamail-resource mail/notification"
  mail_props="mail-smtp-host=$(esc "$SMTP_HOST"):mail-smtp-port=$SMTP_PORT:mail-smtp-connectiontimeout=5000:mail-smtp-timeout=10000:mail-smtp-writetimeout=10000:mail-smtp-starttls-enable=$SMTP_STARTTLS"
  auth_opts=""
  if [[ -n "$SMTP_USER" ]]; then
    mail_props="$mail_props:mail-smtp-auth=true:mail-smtp-user=$(esc "$SMTP_USER"):mail-smtp-password=$(esc "$SMTP_PASSWORD")"
    auth_opts="--auth=true"
  fi
  echo "create-javamail-resource --mailhost $SMTP_HOST --mailuser ${SMTP_USER:-notification} --fromaddress '$MAIL_FROM' --transprotocol smtp --transprotocolclass org.eclipse.angus.mail.smtp.SMTPTransport $auth_opts --property '$mail_props' mail/notification"

  # after a crash, resolve in-doubt XA transactions (PostgreSQL prepared transactions, broker
  # transactions) at start-up instead of leaving them holding locks
  echo "set configs.config.server-config.transaction-service.automatic-recovery=true"
  # Several instances on one database and broker: each names its XA branches differently, because at
  # start-up recovery a server rolls back the in-doubt branches whose name starts with its own, and
  # the default name (the host name) is the same for every instance on a host
  [[ -n "$XA_SERVER_NAME" ]] && echo "set configs.config.server-config.transaction-service.property.xa-servername=$XA_SERVER_NAME"
  # ... and they form one data grid (rate-limit buckets), found by their addresses
  if [[ -n "$DATAGRID_MEMBERS" ]]; then
    echo "set hazelcast-runtime-configuration.discovery-mode=tcpip"
    echo "set hazelcast-runtime-configuration.tcpip-members=$DATAGRID_MEMBERS"
    echo "set hazelcast-runtime-configuration.cluster-group-name=$DATAGRID_GROUP"
    echo "set hazelcast-runtime-configuration.das-port=$DATAGRID_PORT"
    echo "set hazelcast-runtime-configuration.start-port=$DATAGRID_PORT"
    echo "set hazelcast-runtime-configuration.auto-increment-port=false"
  fi

  # API key scopes arrive as groups; map them to the roles of the same names (send, read, admin, users)
  echo "set configs.config.server-config.security-service.activate-default-principal-to-role-mapping=true"

  # request threads: accepting is I/O-bound (database, broker, transaction log), Payara's default of 5
  # serialises it; matched to the JDBC pool (issue 5 benchmark)
  echo "set configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size=$HTTP_THREADS"
  # Jakarta Mail looks its StreamProvider up with a ServiceLoader scan per MIME part unless named
  # here (issue 5 profile: 12 % of CPU samples); it is Angus Mail's, which Payara ships
  grep -q -- "-Djakarta.mail.util.StreamProvider=" <<<"$jvm" \
    || echo "create-jvm-options -Djakarta.mail.util.StreamProvider=org.eclipse.angus.mail.util.MailStreamProvider"
  # options the caller adds (cluster.sh passes its instances' ones), one per line, ':' escaped as asadmin
  # needs it; an option already present (by name) is left as it is
  while IFS= read -r opt; do
    [[ -n "$opt" ]] || continue
    grep -qF -- "${opt%%=*}=" <<<"$jvm" || echo "create-jvm-options $opt"
  done <<<"${EXTRA_JVM_OPTIONS:-}"

  # responses do not name the server, its version, Java or the OS (Server and X-Powered-By headers)
  for listener in http-listener-1 http-listener-2; do
    echo "set configs.config.server-config.network-config.protocols.protocol.$listener.http.server-header=false"
    echo "set configs.config.server-config.network-config.protocols.protocol.$listener.http.xpowered-by=false"
  done

  echo "set-log-attributes com.sun.enterprise.server.logging.GFFileHandler.formatter=fish.payara.enterprise.server.logging.JSONLogFormatter"
} >"$cmds"

# the values of the `set` commands, before and after, to tell whether anything changed
sed -n 's/^set \([^=]*\)=.*/get \1/p' "$cmds" >"$tmp/gets"
set_values() {
  if $RESTART_IF_NEEDED; then asadmin multimode --file "$tmp/gets" 2>/dev/null | grep -v '^Command ' || true; fi
}
values_before="$(set_values)"
log "applying $(wc -l <"$cmds") asadmin command(s) to $DOMAIN"
out="$(asadmin multimode --file "$cmds" 2>&1)" || true
# a `set` echoes `name=value`; names such as ...logServerErrorDetail are not errors, so those
# echo lines are left out of the check
if grep -Ev '^[A-Za-z0-9_./{}$-]+=' <<<"$out" | grep -Eiq 'failed|error|invalid'; then
  printf '%s\n' "$out" >&2
  die "configuring $DOMAIN failed"
fi
restart_reasons=""
$created && restart_reasons+=" new-domain"
$driver_replaced && $was_running && restart_reasons+=" jdbc-driver-replaced"
grep -q '^create-jvm-options' "$cmds" && restart_reasons+=" jvm-options-added"
[[ "$(set_values)" != "$values_before" ]] && restart_reasons+=" settings-changed"
if $RESTART_IF_NEEDED && [[ -n "$restart_reasons" ]]; then
  # stop + start rather than restart-domain: with restart-domain the server launches its successor
  # itself, so a run.sh stopped meanwhile could miss a JVM that nobody it knows started
  log "restarting domain $DOMAIN for settings read at start-up:$restart_reasons"
  "$ASADMIN" stop-domain "$DOMAIN" >/dev/null
  "$ASADMIN" start-domain "$DOMAIN" >/dev/null
  wait_until_ready || die "domain $DOMAIN did not finish starting; see $DOMAIN_DIR/logs/server.log"
fi
jms_at="127.0.0.1:$JMS_PORT"; [[ "$JMS_MODE" == "REMOTE" ]] && jms_at="$JMS_BROKER_HOST:$JMS_BROKER_PORT (remote)"
log "domain $DOMAIN configured: admin http://127.0.0.1:$ADMIN_PORT, http://127.0.0.1:$HTTP_PORT, jms $jms_at"
