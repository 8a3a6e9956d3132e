#!/bin/bash
# First start (the unlock file is there): configure Postfix and Amavis from the environment, as the real image
# does; later starts keep the configuration (FORCE_CONFIG re-applies it). Then runit supervises the daemons.
set -euo pipefail

UNLOCK=/srv/.docker.unlock
if [[ -e ${UNLOCK} || -n ${FORCE_CONFIG:-} ]]; then
  /usr/local/bin/configure-mta.sh
  rm -f "${UNLOCK}"
fi
exec runsvdir -P /etc/service
