#!/bin/bash
# Config lock compatible with DMS: /tmp/docker-mailserver/<script>.lock holding an id;
# a lock older than one minute is stale.
SCRIPT_NAME=$(basename "${0}")
LOCK_ID=$(cat /proc/sys/kernel/random/uuid)

function _create_lock() {
  LOCK_FILE="/tmp/docker-mailserver/${SCRIPT_NAME}.lock"
  while [[ -e ${LOCK_FILE} ]]; do
    if [[ -n $(find "${LOCK_FILE}" -mmin +1 2>/dev/null) ]]; then
      _log 'warn' 'Lock file older than 1 minute - removing stale lock file'
      rm -f "${LOCK_FILE}"
    else
      _log 'warn' "Lock file '${LOCK_FILE}' exists - another execution of '${SCRIPT_NAME}' is happening - trying again shortly"
      sleep 1
    fi
  done
  trap _remove_lock EXIT
  echo "${LOCK_ID}" >"${LOCK_FILE}"
}

function _remove_lock() {
  LOCK_FILE="${LOCK_FILE:-/tmp/docker-mailserver/${SCRIPT_NAME}.lock}"
  if [[ -e ${LOCK_FILE} ]] && grep -q "${LOCK_ID}" "${LOCK_FILE}"; then
    rm -f "${LOCK_FILE}"
  fi
}
