#!/bin/bash
# mailwiz testbed start script (supervisord program `mailserver`), modelled on DMS's
# start-mailserver.sh: settings -> checks -> setup -> user-patches.sh -> start daemons ->
# "<hostname> is up and running" -> follow /var/log/mail/mail.log on stdout.
set -o pipefail
shopt -s nullglob

# shellcheck source=helpers/index.sh
source /usr/local/bin/helpers/index.sh
SCRIPT_PID=$$
trap 'exit 1' USR1

declare -A VARS

# ---------------------------------------------------------------- settings
function _default() { # NAME DEFAULT : use the ENV value or the default, record it
  local NAME=${1}
  if [[ -z ${!NAME:-} ]]; then   # unset or empty -> default (DMS uses ${VAR:=default})
    printf -v "${NAME}" '%s' "${2}"
  fi
  export "${NAME?}"
  VARS[${NAME}]="${!NAME}"
}

function _forced() { # NAME VALUE : services the testbed does not ship are always off
  local NAME=${1}
  if [[ -n ${!NAME:-} && ${!NAME} != "${2}" ]]; then
    _log 'warn' "'${NAME}=${!NAME}' is not supported by the mailwiz testbed - using '${2}'"
  fi
  printf -v "${NAME}" '%s' "${2}"
  export "${NAME?}"
  VARS[${NAME}]="${2}"
}

function _early_variables_setup() {
  if [[ ! ${LOG_LEVEL:-info} =~ ^(trace|debug|info|warn|error)$ ]]; then
    _log 'warn' "Log level '${LOG_LEVEL}' is invalid (falling back to default: 'info')"
    LOG_LEVEL='info'
  fi

  # ENV given as files: FOO__FILE=/path sets FOO
  local REF TARGET
  while read -r REF; do
    TARGET=${REF%__FILE}
    [[ -n ${!TARGET:-} ]] && continue
    [[ -f ${!REF} ]] && printf -v "${TARGET}" '%s' "$(<"${!REF}")"
  done < <(env | grep -o -E '^[A-Za-z0-9_]+__FILE' || true)

  _obtain_hostname_and_domainname

  _default POSTMASTER_ADDRESS "postmaster@${DOMAINNAME}"
  _default REPORT_RECIPIENT "${POSTMASTER_ADDRESS}"
  _default REPORT_SENDER "mailserver-report@${HOSTNAME}"
  _default DMS_VMAIL_UID 5000
  _default DMS_VMAIL_GID 5000

  _default ACCOUNT_PROVISIONER FILE
  _default DEFAULT_RELAY_HOST ''
  _default DMS_CONFIG_POLL 2
  _default DOVECOT_INET_PROTOCOLS all
  _default DOVECOT_MAILBOX_FORMAT maildir
  _default ENABLE_FAIL2BAN 0
  _default ENABLE_IMAP 1
  _default ENABLE_MANAGESIEVE 0
  _default ENABLE_OPENDKIM 1
  _default ENABLE_POP3 0
  _default FAIL2BAN_BLOCKTYPE drop
  _default LOG_LEVEL info
  _default LOGROTATE_COUNT 4
  _default LOGROTATE_INTERVAL weekly
  _default MOVE_SPAM_TO_JUNK 1
  _default MARK_SPAM_AS_READ 0
  _default NETWORK_INTERFACE eth0
  _default OVERRIDE_HOSTNAME ''
  _default PERMIT_DOCKER none
  _default POSTFIX_DAGENT ''
  _default POSTFIX_INET_PROTOCOLS all
  _default POSTFIX_MAILBOX_SIZE_LIMIT 0
  _default POSTFIX_MESSAGE_SIZE_LIMIT 10240000
  _default RELAY_HOST ''
  _default SMTP_ONLY 0
  _default SPAM_SUBJECT ''
  _default SPOOF_PROTECTION 0
  _default SSL_TYPE ''
  _default SUPERVISOR_LOGLEVEL warn
  _default TLS_LEVEL modern
  _default TZ ''

  # Not shipped in the testbed (no amavis/spamassassin/clamav/rspamd/postscreen DNSBL/SPF/...)
  local NAME
  for NAME in ENABLE_AMAVIS ENABLE_CLAMAV ENABLE_DNSBL ENABLE_FETCHMAIL ENABLE_GETMAIL ENABLE_MTA_STS \
              ENABLE_OAUTH2 ENABLE_OPENDMARC ENABLE_POLICYD_SPF ENABLE_POSTGREY ENABLE_RSPAMD \
              ENABLE_RSPAMD_REDIS ENABLE_SASLAUTHD ENABLE_SPAMASSASSIN ENABLE_SPAMASSASSIN_KAM \
              ENABLE_SRS ENABLE_UPDATE_CHECK; do
    _forced "${NAME}" 0
  done

  if [[ ${ACCOUNT_PROVISIONER} != 'FILE' ]]; then
    _dms_panic 'invalid-value' "'${ACCOUNT_PROVISIONER}' is not a valid value for ACCOUNT_PROVISIONER (the mailwiz testbed supports FILE only)"
  fi
  if [[ ${SMTP_ONLY} -eq 1 && ${ENABLE_QUOTAS:-1} -eq 1 ]]; then
    VARS[ENABLE_QUOTAS]="${ENABLE_QUOTAS:=0}"
  else
    VARS[ENABLE_QUOTAS]="${ENABLE_QUOTAS:=1}"
  fi
  export ENABLE_QUOTAS

  # Effective settings, as DMS: /etc/dms-settings (KEY='value', sorted) and /root/.bashrc exports
  local KEY
  : >/etc/dms-settings
  : >/root/.bashrc
  for KEY in "${!VARS[@]}"; do
    echo "${KEY}='${VARS[${KEY}]}'" >>/etc/dms-settings
    echo "export ${KEY}='${VARS[${KEY}]}'" >>/root/.bashrc
  done
  sort -o /etc/dms-settings /etc/dms-settings
  sort -o /root/.bashrc /root/.bashrc
}

# ---------------------------------------------------------------- checks
function _check_hostname() {
  _log 'debug' "Domain has been set to ${DOMAINNAME}"
  _log 'debug' "Hostname has been set to ${HOSTNAME}"
  if ! grep -q -E '^(\S+[.]\S+)$' <<< "${HOSTNAME}"; then
    _dms_panic 'general' 'Setting hostname/domainname is required'
  fi
}

# ---------------------------------------------------------------- setup
function _setup_vmail_id() {
  [[ ${DMS_VMAIL_UID} != 5000 ]] && usermod --uid "${DMS_VMAIL_UID}" docker
  [[ ${DMS_VMAIL_GID} != 5000 ]] && groupmod --gid "${DMS_VMAIL_GID}" docker
  return 0
}

function _setup_timezone() {
  [[ -n ${TZ} ]] || return 0
  if [[ -e /usr/share/zoneinfo/${TZ} ]]; then
    ln -fs "/usr/share/zoneinfo/${TZ}" /etc/localtime
  else
    _log 'warn' "Cannot find timezone '${TZ}'"
  fi
}

function _setup_dovecot() {
  _log 'debug' 'Setting up Dovecot'
  local PROTOCOLS='lmtp'
  [[ ${ENABLE_IMAP} -eq 1 ]] && PROTOCOLS+=' imap'
  [[ ${ENABLE_POP3} -eq 1 ]] && PROTOCOLS+=' pop3'
  [[ ${ENABLE_MANAGESIEVE} -eq 1 ]] && PROTOCOLS+=' sieve'
  sed -i -E "s|^protocols =.*|protocols = ${PROTOCOLS}|" /etc/dovecot/dovecot.conf
  sed -i -E "s|^postmaster_address =.*|postmaster_address = ${POSTMASTER_ADDRESS}|" /etc/dovecot/conf.d/15-lda.conf
  grep -q '^hostname =' /etc/dovecot/conf.d/15-lda.conf || echo "hostname = ${HOSTNAME}" >>/etc/dovecot/conf.d/15-lda.conf
  case "${DOVECOT_INET_PROTOCOLS}" in
    ( 'ipv4' ) echo 'listen = *'    >/etc/dovecot/conf.d/05-listen.conf ;;
    ( 'ipv6' ) echo 'listen = [::]' >/etc/dovecot/conf.d/05-listen.conf ;;
  esac
  if [[ ${DOVECOT_MAILBOX_FORMAT} =~ ^(sdbox|mdbox)$ ]]; then
    sed -i -E \
      -e "s|^mail_driver =.*|mail_driver = ${DOVECOT_MAILBOX_FORMAT}|" \
      -e 's|^mail_home =.*|mail_home = /var/mail/%{user \| domain}/%{user \| username}|' \
      /etc/dovecot/conf.d/10-mail.conf
  fi
  [[ -f /tmp/docker-mailserver/dovecot.cf ]] && cp /tmp/docker-mailserver/dovecot.cf /etc/dovecot/local.conf
  return 0
}

function _setup_dovecot_quota() {
  _log 'debug' 'Setting up Dovecot quota'
  if [[ ${ENABLE_QUOTAS} -ne 1 ]]; then
    mv -f /etc/dovecot/conf.d/90-quota.conf /etc/dovecot/conf.d/90-quota.conf.disab 2>/dev/null
    sed -i -E 's|^( *quota =).*|\1 no|' /etc/dovecot/conf.d/10-mail.conf
    sed -i -E 's|^( *imap_quota =).*|\1 no|' /etc/dovecot/conf.d/20-imap.conf
    return 0
  fi
  local MESSAGE_MB=$(( POSTFIX_MESSAGE_SIZE_LIMIT / 1000000 )) MAILBOX_MB=$(( POSTFIX_MAILBOX_SIZE_LIMIT / 1000000 ))
  sed -i -E \
    -e "s|^quota_mail_size =.*|quota_mail_size = ${MESSAGE_MB}$([[ ${MESSAGE_MB} -eq 0 ]] || echo M)|" \
    -e "s|^quota_storage_size =.*|quota_storage_size = ${MAILBOX_MB}$([[ ${MAILBOX_MB} -eq 0 ]] || echo M)|" \
    /etc/dovecot/conf.d/90-quota.conf
  if [[ -d /tmp/docker-mailserver && ! -f /tmp/docker-mailserver/dovecot-quotas.cf ]]; then
    : >/tmp/docker-mailserver/dovecot-quotas.cf
  fi
  # Postfix asks Dovecot's quota-status service before accepting a recipient
  sed -i -E 's|(reject_unknown_recipient_domain)$|\1, check_policy_service inet:localhost:65265|' /etc/postfix/main.cf
}

function _setup_dovecot_local_user() {
  [[ ${SMTP_ONLY} -eq 1 ]] && return 0
  _log 'debug' 'Setting up Dovecot Local User'
  # As DMS: without any account, warn every 10 s and stop the container after 120 s
  local COUNTER
  for (( COUNTER = 11 ; COUNTER >= 0 ; COUNTER-- )); do
    if [[ $(grep -c -E '.+@.+\|' /tmp/docker-mailserver/postfix-accounts.cf 2>/dev/null || echo 0) -ge 1 ]]; then
      _create_accounts
      return 0
    fi
    _log 'warn' "You need at least one mail account to start Dovecot ($(( (COUNTER + 1) * 10 ))s left for account creation before shutdown)"
    sleep 10
  done
  _dms_panic 'fail-init' 'accounts provisioning because no accounts were provided - Dovecot could not be started'
}

function _setup_opendkim() {
  if [[ ${ENABLE_OPENDKIM} -ne 1 ]]; then
    _log 'debug' 'Disabling OpenDKIM'
    return 0
  fi
  _log 'debug' 'Configuring DKIM'
  _add_to_or_update_postfix_main 'smtpd_milters' '$dkim_milter'
  _add_to_or_update_postfix_main 'non_smtpd_milters' '$dkim_milter'
  postconf 'dkim_milter = inet:localhost:8891'
  if [[ -e /tmp/docker-mailserver/opendkim/KeyTable ]]; then
    cp -a /tmp/docker-mailserver/opendkim/. /etc/opendkim/
    _log 'trace' "DKIM keys added for: $(find /etc/opendkim/keys/ -mindepth 1 -maxdepth 1 -printf '%f ')"
  else
    _log 'debug' 'OpenDKIM enabled but no DKIM key(s) provided'
  fi
  touch /etc/opendkim/{KeyTable,SigningTable,TrustedHosts}
  chown -R opendkim:opendkim /etc/opendkim/
  chmod -R 0700 /etc/opendkim/keys/
  if ! grep -q '^Nameservers' /etc/opendkim.conf; then
    echo "Nameservers $(awk '/^nameserver/ { print $2 }' /etc/resolv.conf | paste -sd ',' -)" >>/etc/opendkim.conf
  fi
}

function _setup_docker_permit() {
  _log 'debug' 'Setting up PERMIT_DOCKER option'
  local CONTAINER_IP NETWORK
  CONTAINER_IP=$(ip -o -4 addr show "${NETWORK_INTERFACE}" 2>/dev/null | awk '{ print $4 }' | cut -d '/' -f 1 | head -n 1)
  function __add_network() {
    _log 'trace' "Adding ${1} (${2}) to Postfix 'main.cf:mynetworks'"
    postconf "mynetworks = $(postconf -h mynetworks) ${2}"
    echo "${2}" >>/etc/opendkim/TrustedHosts
  }
  case "${PERMIT_DOCKER}" in
    ( 'none' ) postconf 'mynetworks =' ;;
    ( 'connected-networks' )
      while read -r NETWORK; do
        __add_network 'Docker Network' "$(python3 -c 'import ipaddress,sys; print(ipaddress.ip_interface(sys.argv[1]).network)' "${NETWORK}")"
      done < <(ip -o -4 addr show type veth | grep -E -o '[0-9.]+/[0-9]+')
      ;;
    ( 'container' ) __add_network 'Container IP address' "${CONTAINER_IP}/32" ;;
    ( 'host' ) __add_network 'Host Network' "$(cut -d '.' -f 1-2 <<< "${CONTAINER_IP}").0.0/16" ;;
    ( 'network' ) __add_network 'Docker IPv4 Subnet' '172.16.0.0/12' ;;
    ( * )
      _log 'warn' "Invalid value for PERMIT_DOCKER: '${PERMIT_DOCKER}'"
      postconf 'mynetworks ='
      ;;
  esac
}

function _setup_mailname() {
  echo "${DOMAINNAME}" >/etc/mailname
}

function _setup_postfix_early() {
  _log 'debug' 'Configuring Postfix (early setup)'
  postconf "myhostname = ${HOSTNAME}" "mydomain = ${DOMAINNAME}"
  [[ ${POSTFIX_INET_PROTOCOLS} != 'all' ]] && postconf "inet_protocols = ${POSTFIX_INET_PROTOCOLS}"
  _create_aliases
  _create_postfix_vhost
  postconf "message_size_limit = ${POSTFIX_MESSAGE_SIZE_LIMIT}" \
           "mailbox_size_limit = ${POSTFIX_MAILBOX_SIZE_LIMIT}" \
           "virtual_mailbox_limit = ${POSTFIX_MAILBOX_SIZE_LIMIT}"
  if [[ ${SMTP_ONLY} -ne 1 ]]; then
    postconf 'virtual_mailbox_maps = texthash:/etc/postfix/vmailbox' \
             'virtual_transport = lmtp:unix:/var/run/dovecot/lmtp'
  else
    sed -i -E 's|(-o smtpd_sasl_auth_enable=).*|\1no|' /etc/postfix/master.cf
  fi
  [[ -n ${POSTFIX_DAGENT} ]] && postconf "virtual_transport = ${POSTFIX_DAGENT}"
  return 0
}

function _setup_spoof_protection() {
  if [[ ${SPOOF_PROTECTION} -eq 1 ]]; then
    postconf 'smtpd_sender_login_maps = unionmap:{ texthash:/etc/postfix/virtual, hash:/etc/aliases, pcre:/etc/postfix/maps/sender_login_maps.pcre, pcre:/etc/postfix/regexp }'
  else
    postconf 'mua_sender_restrictions = $dms_smtpd_sender_restrictions'
  fi
}

function _setup_postfix_late() {
  _log 'debug' 'Configuring Postfix (late setup)'
  _setup_postfix_access_maps
  _setup_relayhost
  local LINE
  if [[ -f /tmp/docker-mailserver/postfix-master.cf ]]; then
    while read -r LINE; do
      [[ ${LINE} =~ ^[0-9a-z] ]] && postconf -P "${LINE}"
    done < <(_get_valid_lines_from_file /tmp/docker-mailserver/postfix-master.cf)
  fi
  if [[ -f /tmp/docker-mailserver/postfix-main.cf ]]; then
    while read -r LINE; do
      postconf "${LINE}"
    done < <(_get_valid_lines_from_file /tmp/docker-mailserver/postfix-main.cf)
  fi
  return 0
}

function _setup_fail2ban() {
  if [[ ${ENABLE_FAIL2BAN} -ne 1 ]]; then
    _log 'debug' 'Fail2Ban is disabled'
    return 0
  fi
  _log 'debug' 'Enabling and configuring Fail2Ban'
  [[ -f /tmp/docker-mailserver/fail2ban-fail2ban.cf ]] && cp /tmp/docker-mailserver/fail2ban-fail2ban.cf /etc/fail2ban/fail2ban.local
  [[ -f /tmp/docker-mailserver/fail2ban-jail.cf ]] && cp /tmp/docker-mailserver/fail2ban-jail.cf /etc/fail2ban/jail.d/user-jail.local
  if [[ ${FAIL2BAN_BLOCKTYPE} != 'reject' ]]; then
    printf '[Init]\nblocktype = drop\n' >/etc/fail2ban/action.d/nftables-common.local
  fi
  echo '[Definition]' >/etc/fail2ban/filter.d/custom.conf
  mkdir -p /var/run/fail2ban
  touch /var/log/mail/mail.log
}

function _setup_save_states() {
  local STATE=/var/mail-state SERVICEDIR DEST
  [[ -d ${STATE} ]] || return 0
  _log 'debug' "Consolidating all state onto ${STATE}"
  local -a DIRS=('lib/postfix' 'spool/postfix')
  [[ ${SMTP_ONLY} -ne 1 ]] && DIRS+=('lib/dovecot')
  [[ ${ENABLE_FAIL2BAN} -eq 1 ]] && DIRS+=('lib/fail2ban')
  for SERVICEDIR in "${DIRS[@]}"; do
    DEST="${STATE}/${SERVICEDIR//\//-}"
    SERVICEDIR="/var/${SERVICEDIR}"
    if [[ -d ${DEST} ]]; then
      rm -rf "${SERVICEDIR}"
    elif [[ -d ${SERVICEDIR} ]]; then
      mv "${SERVICEDIR}" "${DEST}"
    fi
    ln -s "${DEST}" "${SERVICEDIR}"
  done
  chown -R postfix:postfix "${STATE}/lib-postfix"
  chown -R postfix:root "${STATE}/spool-postfix"
  chown root:root "${STATE}/spool-postfix"
  chgrp -R postdrop "${STATE}"/spool-postfix/{maildrop,public}
  chmod 730 "${STATE}/spool-postfix/maildrop"
  chmod 710 "${STATE}/spool-postfix/public"
}

function _setup_directory_and_file_permissions() {
  find /var/run/ -not -name 'supervisord.pid' -name '*.pid' -delete 2>/dev/null
  mkdir -p /var/log/mail /var/log/supervisor /var/run/opendkim
  chown opendkim:opendkim /var/run/opendkim
  touch /var/log/mail/mail.log
  chmod 755 /var/log/mail
  find /var/log/mail/ -type f -exec chmod 640 {} +
  [[ -d /tmp/docker-mailserver ]] && chmod +x /tmp/docker-mailserver
  _chown_var_mail_if_necessary
}

function _setup_run_user_patches() {
  if [[ -f /tmp/docker-mailserver/user-patches.sh ]]; then
    _log 'debug' 'Applying user patches'
    /bin/bash /tmp/docker-mailserver/user-patches.sh
  fi
}

function _setup() {
  _log 'info' 'Configuring mail server'
  # Postfix tools stall ~2 s per warning when /dev/log is missing: have rsyslog up first
  # (DMS starts it with the other daemons; the order makes no other difference).
  _start_daemon rsyslog
  _setup_vmail_id
  _setup_timezone
  if [[ ${SMTP_ONLY} -ne 1 ]]; then
    _setup_dovecot
    _setup_dovecot_quota
  fi
  _setup_dovecot_local_user
  _setup_opendkim
  _setup_fail2ban
  _setup_ssl
  _setup_docker_permit
  _setup_mailname
  _setup_postfix_early
  _setup_spoof_protection
  _setup_postfix_late
  _setup_save_states
  _setup_directory_and_file_permissions
  _setup_run_user_patches
  _prepare_for_change_detection
}

# ---------------------------------------------------------------- daemons
function _start_daemon() {
  local RESULT
  _log 'debug' "Starting ${1}"
  if ! RESULT=$(supervisorctl start "${1}" 2>&1); then
    _log 'error' "${RESULT}"
    _dms_panic 'fail-init' "${1}"
  fi
}

function _start_daemons() {
  _log 'info' 'Starting daemons'
  supervisorctl status rsyslog 2>/dev/null | grep -q RUNNING || _start_daemon rsyslog
  [[ ${SMTP_ONLY} -ne 1 ]] && _start_daemon dovecot
  [[ ${ENABLE_OPENDKIM} -eq 1 ]] && _start_daemon opendkim
  _adjust_mtime_for_postfix_maincf
  _start_daemon postfix
  [[ ${ENABLE_FAIL2BAN} -eq 1 ]] && _start_daemon fail2ban
  _start_daemon changedetector
}

# ---------------------------------------------------------------- main
_early_variables_setup
_log 'info' 'Welcome to docker-mailserver (mailwiz testbed)'
_log 'info' 'Checking configuration'
_check_hostname

if [[ -f /CONTAINER_START ]]; then
  _log 'info' 'Container was restarted. Skipping most setup routines.'
  _setup_directory_and_file_permissions
else
  _setup
fi
date >/CONTAINER_START

MAIN_LOGFILE=/var/log/mail/mail.log
touch "${MAIN_LOGFILE}"
TAIL_START=$(( $(wc -l <"${MAIN_LOGFILE}") + 1 ))

_start_daemons

_log 'info' "${HOSTNAME} is up and running"
exec tail -Fn "+${TAIL_START}" "${MAIN_LOGFILE}"
