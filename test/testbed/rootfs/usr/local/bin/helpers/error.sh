#!/bin/bash
# Fatal start-up errors stop the container, as DMS's dms_panic does.

function _exit_with_error() {
  _log 'error' "${1:-unknown error}"
  _log 'error' 'Aborting'
  exit "${2:-1}"
}

function _shutdown() {
  _log 'error' "${1:-_shutdown called without message}"
  _log 'error' 'Shutting down'
  sleep 1
  kill -TERM 1            # dumb-init forwards it to supervisord: the container stops
  kill -USR1 "${SCRIPT_PID:-$$}" 2>/dev/null || true
}

function _dms_panic() {
  local TYPE=${1:-} INFO=${2:-} SCOPE=${3:-} MESSAGE
  case "${TYPE}" in
    ( 'fail-init'     ) MESSAGE="Failed to start ${INFO}!" ;;
    ( 'no-env'        ) MESSAGE="Environment Variable: ${INFO} is not set!" ;;
    ( 'no-file'       ) MESSAGE="Missing expected file(s): ${INFO}" ;;
    ( 'misconfigured' ) MESSAGE="${INFO} appears to be misconfigured, please verify." ;;
    ( 'invalid-value' ) MESSAGE="Invalid value for ${INFO}!" ;;
    ( * )               MESSAGE="${INFO:-Something broke :(}" ;;
  esac
  _shutdown "${SCOPE:+${SCOPE} | }${MESSAGE}"
}
