#!/bin/bash
# /etc/postfix/vhost: the domains of postfix-accounts.cf and of postfix-virtual.cf aliases.
function _create_postfix_vhost() {
  {
    _get_valid_lines_from_file /tmp/docker-mailserver/postfix-accounts.cf | cut -d '|' -f 1 | awk -F '@' 'NF > 1 { print $NF }'
    _get_valid_lines_from_file /tmp/docker-mailserver/postfix-virtual.cf | awk '{ print $1 }' | awk -F '@' 'NF > 1 && $2 != "" { print $2 }'
  } | sort -u | _write_atomic /etc/postfix/vhost
}

# Access maps: postfix-send-access.cf (sender) / postfix-receive-access.cf (recipient), texthash
# of the config files themselves as DMS. Hooked into main.cf when the file exists.
function _setup_postfix_access_maps() {
  local SEND=/tmp/docker-mailserver/postfix-send-access.cf RECV=/tmp/docker-mailserver/postfix-receive-access.cf
  if [[ -f ${SEND} ]] && ! grep -q "check_sender_access texthash:${SEND}" /etc/postfix/main.cf; then
    sed -i -E "s|^(dms_smtpd_sender_restrictions =)|\1 check_sender_access texthash:${SEND},|" /etc/postfix/main.cf
  fi
  if [[ -f ${RECV} ]] && ! grep -q "check_recipient_access texthash:${RECV}" /etc/postfix/main.cf; then
    sed -i -E "s|^(smtpd_recipient_restrictions =)|\1 check_recipient_access texthash:${RECV},|" /etc/postfix/main.cf
  fi
}
