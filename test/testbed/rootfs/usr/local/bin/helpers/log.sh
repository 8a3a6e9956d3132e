#!/bin/bash
# Logging in docker-mailserver's format:
#   2025-01-01 12:00:00+00:00 INFO  start-mailserver.sh: message
# Levels: error < warn < info (default) < debug < trace, filtered by LOG_LEVEL
# (from the environment, else /etc/dms-settings). Always written to stderr.

function _log_level_value() {
  case "${1}" in
    ( 'trace' ) echo 5 ;;
    ( 'debug' ) echo 4 ;;
    ( 'warn'  ) echo 2 ;;
    ( 'error' ) echo 1 ;;
    ( *       ) echo 3 ;;
  esac
}

function _get_log_level_or_default() {
  if [[ -n ${LOG_LEVEL:-} ]]; then
    echo "${LOG_LEVEL}"
  elif [[ -f /etc/dms-settings ]] && grep -q -E "^LOG_LEVEL='[a-z]+'" /etc/dms-settings; then
    sed -n -E "s/^LOG_LEVEL='([a-z]+)'.*/\1/p" /etc/dms-settings
  else
    echo 'info'
  fi
}

function _log_level_is() {
  [[ $(_get_log_level_or_default) =~ ^${1}$ ]]
}

function _log() {
  local LEVEL=${1:-} MESSAGE=${2:-} LABEL COLOR
  if [[ -z ${LEVEL} || -z ${MESSAGE} ]]; then
    echo "$(date --rfc-3339=seconds) ERROR $(basename "${0}"): _log needs a level and a message" >&2
    return 1
  fi
  case "${LEVEL}" in
    ( 'trace' ) LABEL='TRACE' ; COLOR='\e[0;36m' ;;
    ( 'debug' ) LABEL='DEBUG' ; COLOR='\e[0;35m' ;;
    ( 'info'  ) LABEL='INFO ' ; COLOR='\e[0;34m' ;;
    ( 'warn'  ) LABEL='WARN ' ; COLOR='\e[1;33m' ;;
    ( 'error' ) LABEL='ERROR' ; COLOR='\e[1;31m' ;;
    ( * ) _log 'error' "_log called with invalid level '${LEVEL}'" ; return 1 ;;
  esac
  [[ $(_log_level_value "${LEVEL}") -le $(_log_level_value "$(_get_log_level_or_default)") ]] || return 0
  echo -e "$(date --rfc-3339=seconds) ${COLOR}${LABEL}\e[0m $(basename "${0}"): ${MESSAGE}" >&2
}
