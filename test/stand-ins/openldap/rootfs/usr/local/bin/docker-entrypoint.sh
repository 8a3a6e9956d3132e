#!/bin/bash
# First start (no configuration in /srv/conf): cn=config from the environment (LDAPBASE, LDAPROOT_CN, LDAPROOT_PW,
# or the arguments --base, --root-cn, --root-pw as mlan/openldap takes them), then the directory from the LDIF files
# in /ldif/1 or /1.ldif (plain or .gz). Later starts keep both. slapd then runs in the foreground, logging to the
# container output at LDAPDEBUG, listening on LDAPURI.
set -euo pipefail

log() { printf '%s stand-in: %s\n' "$(date '+%F %T')" "$*"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) LDAPBASE=$2; shift 2 ;;
    --debug) LDAPDEBUG=$2; shift 2 ;;
    --root-cn) LDAPROOT_CN=$2; shift 2 ;;
    --root-pw) LDAPROOT_PW=$2; shift 2 ;;
    --runas) LDAPRUNAS=$2; shift 2 ;;
    --uri) LDAPURI=$2; shift 2 ;;
    *) exec "$@" ;;
  esac
done

LDAPBASE=${LDAPBASE:-dc=example,dc=com}
LDAPROOT_CN=${LDAPROOT_CN:-admin}
LDAPROOT_PW=${LDAPROOT_PW:-secret}
# The older names (mlan/openldap 1.x, as mlan/kopano's compose example still writes them) when LDAPDEBUG is the default.
if [[ ${LDAPDEBUG:-none} == none ]]; then LDAPDEBUG=${LDAPLOGLEVEL:-${LDAP_LOGLEVEL:-none}}; fi
LDAPURI=${LDAPURI:-ldapi:/// ldap:///}
CONF=/srv/conf
DATA=/srv/data
mkdir -p "${CONF}" "${DATA}" /run/slapd

# The client tools in the container talk to this server over ldapi:/// as root, without arguments.
cat > /etc/ldap/ldap.conf <<CONF
BASE ${LDAPBASE}
URI ldapi:///
SASL_MECH EXTERNAL
TLS_CACERT /etc/ssl/certs/ca-certificates.crt
CONF

if [[ -z $(ls -A "${CONF}") ]]; then
  log "creating cn=config: suffix ${LDAPBASE}, root cn=${LDAPROOT_CN},${LDAPBASE}"
  config=$(mktemp)
  BASE=${LDAPBASE} ROOTDN="cn=${LDAPROOT_CN},${LDAPBASE}" ROOTPW=${LDAPROOT_PW} \
    perl -pe 's/\@(BASE|ROOTDN|ROOTPW)\@/$ENV{$1}/g' /etc/ldap/stand-in/config.ldif.in > "${config}"
  slapadd -q -n 0 -F "${CONF}" -l "${config}"
  rm -f "${config}"
  if [[ -z $(ls -A "${DATA}") ]]; then
    for source in /ldif/1 /1.ldif; do
      [[ -e ${source} ]] || continue
      find "${source}" -maxdepth 1 -type f \( -name '*.ldif' -o -name '*.ldif.gz' -o -path /1.ldif \) -print0 | sort -z |
        while IFS= read -r -d '' file; do
          log "loading ${file} into ${LDAPBASE}"
          if [[ ${file} == *.gz ]]; then gunzip -c "${file}"; else cat "${file}"; fi | slapadd -q -n 1 -F "${CONF}"
        done
    done
  fi
fi

# slapd -d: the log goes to the output, at the level asked for (the names of slapd's loglevel, e.g. stats or parse).
exec slapd -d "${LDAPDEBUG}" -h "${LDAPURI}" -F "${CONF}"
