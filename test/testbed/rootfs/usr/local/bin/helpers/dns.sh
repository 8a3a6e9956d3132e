#!/bin/bash
# HOSTNAME = OVERRIDE_HOSTNAME or the container's FQDN; DOMAINNAME = HOSTNAME minus its first
# label when it has more than two labels (as DMS).
function _obtain_hostname_and_domainname() {
  export HOSTNAME="${OVERRIDE_HOSTNAME:-$(hostname -f 2>/dev/null || hostname)}"
  DOMAINNAME=''
  if [[ $(awk -F '.' '{ print NF }' <<< "${HOSTNAME}") -gt 2 ]]; then
    if [[ -n ${OVERRIDE_HOSTNAME:-} ]]; then
      DOMAINNAME=${HOSTNAME#*.}
    else
      DOMAINNAME=$(hostname -d 2>/dev/null || true)
      DOMAINNAME=${DOMAINNAME:-${HOSTNAME#*.}}
    fi
  fi
  export DOMAINNAME="${DOMAINNAME:-${HOSTNAME}}"
}
