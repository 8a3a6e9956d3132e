#!/bin/bash
# Accounts (ACCOUNT_PROVISIONER=FILE):
#   /tmp/docker-mailserver/postfix-accounts.cf   user@domain|{SCHEME}hash[|userdb extra fields]
#   /tmp/docker-mailserver/dovecot-quotas.cf     user@domain:12M
#   /tmp/docker-mailserver/dovecot-masters.cf    name|{SCHEME}hash
# rendered to /etc/postfix/vmailbox, /etc/dovecot/userdb and /etc/dovecot/masterdb (atomically).

DMS_CONFIG_DIR=/tmp/docker-mailserver
DOVECOT_USERDB_FILE=/etc/dovecot/userdb
DOVECOT_MASTERDB_FILE=/etc/dovecot/masterdb

# Quota of one account from dovecot-quotas.cf (exact, case-insensitive match), e.g. "12M".
function _quota_of() {
  [[ -f ${DMS_CONFIG_DIR}/dovecot-quotas.cf ]] || return 0
  _get_valid_lines_from_file "${DMS_CONFIG_DIR}/dovecot-quotas.cf" \
    | awk -F ':' -v acc="${1,,}" 'tolower($1) == acc && NF == 2 { print $2; exit }'
}

# Userdb extra fields for an account: its own fields plus the quota ones (as DMS on Dovecot 2.4).
function _userdb_attributes() {
  local ACCOUNT=${1} ATTRIBUTES=${2:-} QUOTA
  QUOTA=$(_quota_of "${ACCOUNT}")
  if [[ -n ${QUOTA} ]]; then
    ATTRIBUTES="${ATTRIBUTES:+${ATTRIBUTES} }userdb_quota_storage_size=${QUOTA}"
    # 2.4's grace is a size: keep 2.3's "10 % of the mailbox"
    if [[ ${QUOTA} =~ ^([1-9][0-9]*)([BkMGT])$ ]]; then
      ATTRIBUTES+=" userdb_quota_storage_grace=$(( BASH_REMATCH[1] / 10 ))${BASH_REMATCH[2]}"
    fi
  fi
  echo "${ATTRIBUTES}"
}

function _create_masters() {
  local SOURCE="${DMS_CONFIG_DIR}/dovecot-masters.cf" LOGIN PASS
  {
    if [[ -f ${SOURCE} ]]; then
      while IFS='|' read -r LOGIN PASS _; do
        [[ -n ${LOGIN} && -n ${PASS} ]] || continue
        _log 'debug' "Creating master user '${LOGIN}'"
        echo "${LOGIN}:${PASS}"
      done < <(_get_valid_lines_from_file "${SOURCE}")
    fi
  } | _write_atomic "${DOVECOT_MASTERDB_FILE}" 0640 dovecot:dovecot

  if [[ -f ${SOURCE} ]]; then
    echo '!include auth-master.inc' >/etc/dovecot/conf.d/11-auth-master.conf
  else
    rm -f /etc/dovecot/conf.d/11-auth-master.conf
  fi
}

function _create_accounts() {
  local SOURCE="${DMS_CONFIG_DIR}/postfix-accounts.cf"
  local LOGIN PASS ATTRIBUTES USER DOMAIN
  local -A SEEN=()
  local VMAILBOX USERDB

  _create_masters

  VMAILBOX="# WARNING: this file is auto-generated. Modify ${SOURCE} to edit the user list."$'\n'
  USERDB=''
  if [[ -f ${SOURCE} ]]; then
    while IFS='|' read -r LOGIN PASS ATTRIBUTES; do
      [[ ${LOGIN} == *@* && -n ${PASS} ]] || { _log 'warn' "Ignoring invalid line for '${LOGIN}' in postfix-accounts.cf"; continue; }
      if [[ -n ${SEEN[${LOGIN,,}]:-} ]]; then
        _log 'warn' "Login '${LOGIN}' will not be added twice"
        continue
      fi
      SEEN[${LOGIN,,}]=1
      USER=${LOGIN%@*}
      DOMAIN=${LOGIN##*@}
      ATTRIBUTES=$(_userdb_attributes "${LOGIN}" "${ATTRIBUTES}")
      _log 'debug' "Creating user '${USER}' for domain '${DOMAIN}'${ATTRIBUTES:+ with attributes '${ATTRIBUTES}'}"
      VMAILBOX+="${LOGIN} ${DOMAIN}/${USER}/"$'\n'
      USERDB+="${LOGIN}:${PASS}:${DMS_VMAIL_UID:-5000}:${DMS_VMAIL_GID:-5000}::/var/mail/${DOMAIN}/${USER}/home::${ATTRIBUTES}"$'\n'
      if [[ ! -d /var/mail/${DOMAIN}/${USER}/home ]]; then
        mkdir -p "/var/mail/${DOMAIN}/${USER}/home"
        # Only the new mailbox: a recursive chown of the whole domain per account is quadratic in accounts.
        chown "${DMS_VMAIL_UID:-5000}:${DMS_VMAIL_GID:-5000}" "/var/mail/${DOMAIN}"
        chown -R "${DMS_VMAIL_UID:-5000}:${DMS_VMAIL_GID:-5000}" "/var/mail/${DOMAIN}/${USER}"
      fi
      if [[ -f ${DMS_CONFIG_DIR}/${LOGIN}.dovecot.sieve ]]; then
        cp "${DMS_CONFIG_DIR}/${LOGIN}.dovecot.sieve" "/var/mail/${DOMAIN}/${USER}/home/.dovecot.sieve"
        chown "${DMS_VMAIL_UID:-5000}:${DMS_VMAIL_GID:-5000}" "/var/mail/${DOMAIN}/${USER}/home/.dovecot.sieve"
      fi
    done < <(_get_valid_lines_from_file "${SOURCE}")
    USERDB+=$(_alias_dummy_accounts)
  fi

  printf '%s' "${VMAILBOX}" | _write_atomic /etc/postfix/vmailbox 0644 root:root
  { printf '%s' "${USERDB}"; echo; } | sed '/^$/d' | _write_atomic "${DOVECOT_USERDB_FILE}" 0640 dovecot:dovecot
}

# With quotas on, single-target aliases of local accounts get a userdb entry sharing the
# account's storage, so Postfix's quota-status check can answer for them (as DMS does).
function _alias_dummy_accounts() {
  local VIRTUAL="${DMS_CONFIG_DIR}/postfix-virtual.cf" ACCOUNTS="${DMS_CONFIG_DIR}/postfix-accounts.cf"
  local ALIAS TARGETS TARGET LINE REAL_PASS REAL_ATTR
  [[ -f ${VIRTUAL} && ${ENABLE_QUOTAS:-1} -eq 1 ]] || return 0
  while read -r ALIAS TARGETS; do
    [[ ${ALIAS} =~ .+@.+ ]] || continue
    for TARGET in ${TARGETS//,/ }; do
      LINE=$(_get_valid_lines_from_file "${ACCOUNTS}" | awk -F '|' -v acc="${TARGET,,}" 'tolower($1) == acc { print; exit }')
      [[ -n ${LINE} ]] || continue
      IFS='|' read -r _ REAL_PASS REAL_ATTR <<< "${LINE}"
      REAL_ATTR=$(_userdb_attributes "${TARGET}" "${REAL_ATTR}")
      _log 'debug' "Adding alias '${ALIAS}' for user '${TARGET}' to Dovecot's userdb"
      echo "${ALIAS}:${REAL_PASS}:${DMS_VMAIL_UID:-5000}:${DMS_VMAIL_GID:-5000}::/var/mail/${TARGET##*@}/${TARGET%@*}/home::${REAL_ATTR}"
      break
    done
  done < <(_get_valid_lines_from_file "${VIRTUAL}")
}
