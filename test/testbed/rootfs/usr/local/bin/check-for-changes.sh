#!/bin/bash
# mailwiz testbed changedetector (supervisord program `changedetector`), modelled on DMS's
# check-for-changes.sh: every DMS_CONFIG_POLL (2) seconds compare checksums of the watched config
# files; on a change log "Change detected" (info), regenerate what depends on the changed files,
# reload Postfix and Dovecot, then log "Completed handling of detected change" (debug, as DMS).
# Output goes to /var/log/supervisor/changedetector.log.

# shellcheck source=helpers/index.sh
source /usr/local/bin/helpers/index.sh
# shellcheck source=/dev/null
source /etc/dms-settings
_obtain_hostname_and_domainname

_log 'debug' 'Starting changedetector'
[[ -f ${CHKSUM_FILE} ]] || _exit_with_error "'${CHKSUM_FILE}' is missing" 0
_log 'debug' 'Changedetector is ready'

DMS_DIR=/tmp/docker-mailserver

function _changed_files() {
  grep -F -x -v -f "${1}" "${2}" | sed -E 's/^\S+\s+//'
  # files that disappeared count as changed too
  grep -F -x -v -f "${2}" "${1}" | sed -E 's/^\S+\s+//'
}

function _handle_changes() {
  local CHANGED=${1}
  local VHOST_UPDATED=0

  if [[ ${CHANGED} =~ ${DMS_DIR}/postfix-(accounts|virtual).cf ]]; then
    _log 'trace' 'Regenerating vhosts (Postfix)'
    _create_postfix_vhost
    VHOST_UPDATED=1
  fi

  if [[ ${SSL_TYPE} == 'manual' ]] && [[ -n ${SSL_CERT_PATH:-} || -n ${SSL_KEY_PATH:-} ]] \
     && [[ ${CHANGED} =~ ${SSL_CERT_PATH:-^$} || ${CHANGED} =~ ${SSL_KEY_PATH:-^$} ]]; then
    _log 'debug' 'Manual certificates have changed - extracting certificates'
    _setup_ssl
  elif [[ ${SSL_TYPE} == 'letsencrypt' ]] && [[ ${CHANGED} =~ /etc/letsencrypt/ ]]; then
    _log 'debug' 'Let'"'"'s Encrypt certificates have changed - applying them'
    _setup_ssl
  fi

  if [[ ${CHANGED} =~ ${DMS_DIR}/(postfix-accounts|postfix-virtual|postfix-aliases|dovecot-quotas|dovecot-masters).cf ]]; then
    _log 'trace' 'Regenerating accounts (Dovecot + Postfix)'
    [[ ${SMTP_ONLY} -ne 1 ]] && _create_accounts
  fi

  if [[ ${VHOST_UPDATED} -eq 1 ]] || [[ ${CHANGED} =~ ${DMS_DIR}/postfix-(relaymap|sasl-password).cf ]]; then
    _log 'trace' 'Regenerating relay config (Postfix)'
    _process_relayhost_configs
  fi

  [[ ${CHANGED} =~ ${DMS_DIR}/postfix-virtual.cf ]] && _handle_postfix_virtual_config
  [[ ${CHANGED} =~ ${DMS_DIR}/postfix-regexp.cf  ]] && _handle_postfix_regexp_config
  [[ ${CHANGED} =~ ${DMS_DIR}/postfix-aliases.cf ]] && _handle_postfix_aliases_config
  if [[ ${CHANGED} =~ ${DMS_DIR}/postfix-(send|receive)-access.cf ]]; then
    _log 'trace' 'Updating access maps (Postfix)'
    _setup_postfix_access_maps
  fi

  _chown_var_mail_if_necessary

  _log 'debug' 'Reloading services due to detected changes'
  _reload_postfix
  [[ ${SMTP_ONLY} -ne 1 ]] && dovecot reload
}

function _check_for_changes() {
  _monitored_files_checksums >"${CHKSUM_FILE}.new"
  if ! cmp --silent -- "${CHKSUM_FILE}" "${CHKSUM_FILE}.new"; then
    _log 'info' 'Change detected'
    _create_lock
    local CHANGED
    CHANGED=$(_changed_files "${CHKSUM_FILE}" "${CHKSUM_FILE}.new")
    _log 'debug' "Changed: $(tr '\n' ' ' <<< "${CHANGED}")"
    _handle_changes "${CHANGED}"
    _remove_lock
    _log 'debug' 'Completed handling of detected change'
    mv "${CHKSUM_FILE}.new" "${CHKSUM_FILE}"
  fi
}

# Stop at once on SIGTERM (supervisord stop / docker stop), also while sleeping
trap 'exit 0' TERM INT
while true; do
  _check_for_changes
  sleep "${DMS_CONFIG_POLL:-2}" &
  wait $!
done
