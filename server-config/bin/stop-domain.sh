#!/usr/bin/env bash
# Stops the Payara domain $DOMAIN if it runs. In-flight JMS transactions roll back and their
# messages are redelivered at the next start: nothing accepted is lost.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
require_payara
"$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
log "domain $DOMAIN stopped"
