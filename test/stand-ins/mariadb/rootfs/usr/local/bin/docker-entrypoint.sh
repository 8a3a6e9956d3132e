#!/bin/bash
# First start (no system tables in /var/lib/mysql): create them, then root, the database and its user from the
# environment as the official image does (MARIADB_* names, or the older MYSQL_* ones), then the files in
# /docker-entrypoint-initdb.d. Later starts keep the data. Arguments starting with '-' are options for mariadbd.
set -euo pipefail

log() { printf '%s [Note] [Entrypoint]: %s\n' "$(date '+%F %T')" "$*"; }
fail() { printf '%s [ERROR] [Entrypoint]: %s\n' "$(date '+%F %T')" "$*" >&2; exit 1; }

# MARIADB_X, else MYSQL_X (the official image reads both; MARIADB_ first).
env_of() { local m="MARIADB_$1" y="MYSQL_$1"; printf '%s' "${!m:-${!y:-}}"; }

if [[ ${1:-} == -* ]]; then set -- mariadbd "$@"; fi
if [[ ${1:-} != mariadbd && ${1:-} != mysqld ]]; then exec "$@"; fi

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld "${DATADIR}"

sql_quote() { local s=${1//\\/\\\\}; printf "'%s'" "${s//\'/\\\'}"; }
ident_quote() { printf '`%s`' "${1//\`/\`\`}"; }

if [[ ! -d ${DATADIR}/mysql ]]; then
  root_password=$(env_of ROOT_PASSWORD)
  allow_empty=$(env_of ALLOW_EMPTY_ROOT_PASSWORD)
  random_root=$(env_of RANDOM_ROOT_PASSWORD)
  if [[ -z ${root_password} && -z ${allow_empty} && -z ${random_root} ]]; then
    fail 'Database is uninitialized and password option is not specified. You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD'
  fi
  if [[ -n ${random_root} ]]; then
    root_password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32)
    log "GENERATED ROOT PASSWORD: ${root_password}"
  fi
  log 'Initializing database files'
  mariadb-install-db --user=mysql --datadir="${DATADIR}" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve --rpm >/dev/null
  log 'Starting temporary server'
  mariadbd --user=mysql --datadir="${DATADIR}" --skip-networking --socket="${SOCKET}" --skip-log-bin "${@:2}" &
  pid=$!
  for _ in $(seq 1 120); do
    mariadb-admin --socket="${SOCKET}" -uroot ping >/dev/null 2>&1 && break
    kill -0 "${pid}" 2>/dev/null || fail 'the temporary server stopped during initialisation'
    sleep 0.5
  done
  mariadb-admin --socket="${SOCKET}" -uroot ping >/dev/null 2>&1 || fail 'the temporary server did not answer'
  log 'Temporary server started.'

  root_host=$(env_of ROOT_HOST); root_host=${root_host:-%}
  database=$(env_of DATABASE)
  user=$(env_of USER)
  password=$(env_of PASSWORD)
  {
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    # Only root@localhost (and root@ROOT_HOST below) remain, as in the official image.
    echo "DROP USER IF EXISTS ''@'localhost', ''@'$(hostname)', 'root'@'$(hostname)', 'root'@'127.0.0.1', 'root'@'::1';"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_quote "${root_password}");"
    if [[ ${root_host} != localhost ]]; then
      echo "CREATE USER 'root'@$(sql_quote "${root_host}") IDENTIFIED BY $(sql_quote "${root_password}");"
      echo "GRANT ALL ON *.* TO 'root'@$(sql_quote "${root_host}") WITH GRANT OPTION;"
    fi
    if [[ -n ${database} ]]; then
      log "Creating database ${database}" >&2
      echo "CREATE DATABASE IF NOT EXISTS $(ident_quote "${database}");"
    fi
    if [[ -n ${user} && -n ${password} ]]; then
      log "Creating user ${user}" >&2
      echo "CREATE USER $(sql_quote "${user}")@'%' IDENTIFIED BY $(sql_quote "${password}");"
      if [[ -n ${database} ]]; then
        log "Giving user ${user} access to schema ${database}" >&2
        echo "GRANT ALL ON $(ident_quote "${database//_/\\_}").* TO $(sql_quote "${user}")@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --protocol=socket --socket="${SOCKET}" -uroot

  for f in /docker-entrypoint-initdb.d/*; do
    case "${f}" in
      *.sh) log "running ${f}"; . "${f}" ;;
      *.sql) log "running ${f}"; MYSQL_PWD=${root_password} mariadb --socket="${SOCKET}" -uroot "${database}" < "${f}" ;;
      *.sql.gz) log "running ${f}"; gunzip -c "${f}" | MYSQL_PWD=${root_password} mariadb --socket="${SOCKET}" -uroot "${database}" ;;
      *) ;;
    esac
  done

  log 'Stopping temporary server'
  kill "${pid}"
  wait "${pid}" || true
  log 'Temporary server stopped'
  log 'MariaDB init process done. Ready for start up.'
fi

exec "$1" --user=mysql --datadir="${DATADIR}" "${@:2}"
