#!/bin/sh
# Exim in the foreground, queue runs every minute; the host name and local domain come from the environment.
set -eu
: "${DOMAIN:=example.test}"
export DOMAIN
exec /usr/exim/bin/exim -C /etc/exim/config.d/exim.conf -bdf -q1m
