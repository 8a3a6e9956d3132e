#!/bin/bash
# Relay hosts as DMS: postfix-relaymap.cf (@domain [host]:port) -> sender_dependent_relayhost_maps,
# postfix-sasl-password.cf (@domain user:pass) -> smtp_sasl_password_maps; ENV RELAY_HOST,
# RELAY_PORT, RELAY_USER, RELAY_PASSWORD, DEFAULT_RELAY_HOST.

function _env_relay_host() {
  echo "[${RELAY_HOST}]:${RELAY_PORT:-25}"
}

function _relayhost_sasl() {
  local SASL_SOURCE=/tmp/docker-mailserver/postfix-sasl-password.cf
  if [[ ! -f ${SASL_SOURCE} ]] && [[ -z ${RELAY_USER:-} || -z ${RELAY_PASSWORD:-} ]]; then
    _log 'warn' "Missing relay-host mapped credentials provided via ENV, or from ${SASL_SOURCE}"
    return 1
  fi
  {
    if [[ -f ${SASL_SOURCE} ]]; then
      _get_valid_lines_from_file "${SASL_SOURCE}"
    fi
    if [[ -n ${DEFAULT_RELAY_HOST:-} || -n ${RELAY_HOST:-} ]] && [[ -n ${RELAY_USER:-} && -n ${RELAY_PASSWORD:-} ]]; then
      echo "${DEFAULT_RELAY_HOST:-$(_env_relay_host)}    ${RELAY_USER}:${RELAY_PASSWORD}"
    fi
  } | _write_atomic /etc/postfix/sasl_passwd 0600 root:root
  [[ -f ${SASL_SOURCE} ]] && postconf 'smtp_sender_dependent_authentication = yes'
  postconf \
    'smtp_sasl_password_maps = texthash:/etc/postfix/sasl_passwd' \
    'smtp_sasl_auth_enable = yes' \
    'smtp_sasl_security_options = noanonymous' \
    'smtp_tls_security_level = encrypt'
}

function _populate_relayhost_map() {
  local RELAYMAP_SOURCE=/tmp/docker-mailserver/postfix-relaymap.cf DOMAIN
  {
    # Only "key value" lines; a lone "@domain" opts that domain out of RELAY_HOST
    if [[ -f ${RELAYMAP_SOURCE} ]]; then
      _get_valid_lines_from_file "${RELAYMAP_SOURCE}" | awk 'NF >= 2'
    fi
    if [[ -n ${RELAY_HOST:-} ]]; then
      while read -r DOMAIN; do
        [[ -n ${DOMAIN} ]] || continue
        if ! _get_valid_lines_from_file "${RELAYMAP_SOURCE}" | grep -q -E "^\s*@${DOMAIN//./\\.}(\s|$)"; then
          echo "@${DOMAIN}    $(_env_relay_host)"
        fi
      done </etc/postfix/vhost
    fi
  } | _write_atomic /etc/postfix/relayhost_map 0600 root:root
  postconf 'sender_dependent_relayhost_maps = texthash:/etc/postfix/relayhost_map'
}

function _process_relayhost_configs() {
  if [[ ! -f /tmp/docker-mailserver/postfix-relaymap.cf ]] && [[ -z ${DEFAULT_RELAY_HOST:-} && -z ${RELAY_HOST:-} ]]; then
    return 0
  fi
  _relayhost_sasl || true
  _populate_relayhost_map
}

function _setup_relayhost() {
  _log 'debug' 'Setting up Postfix Relay Hosts'
  if [[ -n ${DEFAULT_RELAY_HOST:-} ]]; then
    postconf "relayhost = ${DEFAULT_RELAY_HOST}"
  fi
  _process_relayhost_configs
}
