#!/bin/bash
# Files watched by the changedetector (DMS's list, plus the access maps).
CHKSUM_FILE=/tmp/docker-mailserver-config-chksum

function _monitored_files_checksums() {
  local DIR=/tmp/docker-mailserver FILE
  local -a FILES=()
  if [[ -d ${DIR} ]]; then
    for FILE in postfix-accounts.cf postfix-virtual.cf postfix-regexp.cf postfix-aliases.cf \
                postfix-relaymap.cf postfix-sasl-password.cf dovecot-quotas.cf dovecot-masters.cf \
                postfix-send-access.cf postfix-receive-access.cf; do
      [[ -f ${DIR}/${FILE} ]] && FILES+=("${DIR}/${FILE}")
    done
  fi
  if [[ ${SSL_TYPE:-} == 'manual' ]]; then
    for FILE in "${SSL_CERT_PATH:-}" "${SSL_KEY_PATH:-}" "${SSL_ALT_CERT_PATH:-}" "${SSL_ALT_KEY_PATH:-}"; do
      [[ -n ${FILE} && -f ${FILE} ]] && FILES+=("${FILE}")
    done
  elif [[ ${SSL_TYPE:-} == 'letsencrypt' ]]; then
    for FILE in /etc/letsencrypt/acme.json /etc/letsencrypt/live/{"${SSL_DOMAIN:-}","${HOSTNAME}","${DOMAINNAME}"}/*.pem; do
      [[ -f ${FILE} ]] && FILES+=("${FILE}")
    done
  fi
  [[ ${#FILES[@]} -gt 0 ]] && sha512sum -- "${FILES[@]}"
  return 0
}

function _prepare_for_change_detection() {
  _log 'debug' 'Setting up configuration checksum file'
  _monitored_files_checksums >"${CHKSUM_FILE}"
}
