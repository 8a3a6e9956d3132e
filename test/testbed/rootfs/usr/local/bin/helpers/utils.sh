#!/bin/bash
# Small shared helpers.

# Print the meaningful lines of a config file: CRLF stripped, blank lines and comments dropped,
# and a last line without final newline still included.
function _get_valid_lines_from_file() {
  [[ -f ${1} ]] || return 0
  awk '{ sub(/\r$/, "") } !/^[[:space:]]*(#|$)/ { print }' "${1}"
}

# Write stdin to a file atomically (temp file in the same directory, then rename).
# Usage: ... | _write_atomic FILE [MODE] [OWNER]
function _write_atomic() {
  local DEST=${1:?destination required} MODE=${2:-0644} OWNER=${3:-root:root} TMP
  TMP=$(mktemp "${DEST}.XXXXXX")
  cat >"${TMP}"
  chmod "${MODE}" "${TMP}"
  chown "${OWNER}" "${TMP}"
  # Postfix sleeps 1-2 s before loading a file modified within the last second (main.cf,
  # texthash maps, /etc/aliases): backdate generated files so nothing stalls.
  touch -d '2 seconds ago' "${TMP}"
  mv -f "${TMP}" "${DEST}"
}

function _get_dms_env_value() {
  [[ -f /etc/dms-settings ]] || return 1
  sed -n -E "s/^${1}='(.*)'$/\1/p" /etc/dms-settings
}

# Postfix ignores a main.cf whose mtime is in the same second as the last reload;
# DMS backdates it before every reload, and so do we.
function _adjust_mtime_for_postfix_maincf() {
  if [[ $(( $(date '+%s') - $(stat -c '%Y' /etc/postfix/main.cf) )) -lt 2 ]]; then
    touch -d '2 seconds ago' /etc/postfix/main.cf
  fi
}

# Every postconf reads main.cf: make sure it is never "just modified".
function postconf() {
  _adjust_mtime_for_postfix_maincf
  command postconf "$@"
}

function postalias() {
  _adjust_mtime_for_postfix_maincf
  touch -d '2 seconds ago' "${@: -1}"
  command postalias "$@"
}

function _reload_postfix() {
  _adjust_mtime_for_postfix_maincf
  postfix reload 2>&1 | grep -v 'refreshing the Postfix mail system' >&2 || true
}

# Append (or prepend) a value to a Postfix list parameter unless already present.
function _add_to_or_update_postfix_main() {
  local KEY=${1:?} VALUE=${2:?} ACTION=${3:-append} CURRENT
  CURRENT=$(postconf -h "${KEY}" 2>/dev/null)
  if [[ -z ${CURRENT} ]]; then
    postconf "${KEY} = ${VALUE}"
  elif [[ " ${CURRENT//,/ } " != *" ${VALUE} "* ]]; then
    if [[ ${ACTION} == 'prepend' ]]; then
      postconf "${KEY} = ${VALUE} ${CURRENT}"
    else
      postconf "${KEY} = ${CURRENT} ${VALUE}"
    fi
  fi
}

function _chown_var_mail_if_necessary() {
  if find /var/mail -maxdepth 3 \( ! -user "${DMS_VMAIL_UID:-5000}" -o ! -group "${DMS_VMAIL_GID:-5000}" \) | read -r; then
    _log 'trace' 'Fixing /var/mail permissions'
    chown -R "${DMS_VMAIL_UID:-5000}:${DMS_VMAIL_GID:-5000}" /var/mail
  fi
}
