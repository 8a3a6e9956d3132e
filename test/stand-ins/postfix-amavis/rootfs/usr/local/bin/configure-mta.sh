#!/bin/bash
# Postfix and Amavis from the environment: MAIL_DOMAIN, hostname, VIRTUAL_TRANSPORT, LDAP_* lookups, DKIM_SELECTOR.
set -euo pipefail

domain=${MAIL_DOMAIN:-$(hostname -d 2>/dev/null || true)}
domain=${domain:-example.com}
fqdn=$(hostname -f 2>/dev/null || hostname)
[[ ${fqdn} == *.* ]] || fqdn="${fqdn}.${domain}"

echo "${fqdn}" > /etc/mailname
postconf -e \
  "myhostname = ${fqdn}" \
  "mydomain = ${domain}" \
  "mydestination = localhost" \
  "inet_protocols = ipv4" \
  "mynetworks = 127.0.0.0/8" \
  "virtual_mailbox_domains = ${domain}" \
  "virtual_transport = ${VIRTUAL_TRANSPORT:-lmtp:app:2003}" \
  "content_filter = smtp-amavis:[127.0.0.1]:10024" \
  "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination" \
  "maillog_file =" \
  "compatibility_level = 3.6"

if [[ -n ${LDAP_HOST:-} ]]; then
  cat > /etc/postfix/ldap-users.cf <<LDAP
server_host = ${LDAP_HOST}
search_base = ${LDAP_USER_BASE:-ou=users,dc=example,dc=com}
query_filter = ${LDAP_QUERY_FILTER_USER:-(&(objectclass=kopano-user)(mail=%s))}
result_attribute = mail
version = 3
${LDAP_BIND_DN:+bind = yes}
${LDAP_BIND_DN:+bind_dn = ${LDAP_BIND_DN}}
${LDAP_BIND_PW:+bind_pw = ${LDAP_BIND_PW}}
LDAP
  chmod 640 /etc/postfix/ldap-users.cf
  postconf -e "virtual_mailbox_maps = ldap:/etc/postfix/ldap-users.cf"
else
  # No directory: every address of the domain is taken and handed to the groupware, which decides.
  postconf -e "virtual_mailbox_maps = static:OK"
fi

# Amavis in between: Postfix hands mail to 10024, Amavis re-injects on 10025 (a second queue ID).
postconf -M "smtp-amavis/unix=smtp-amavis unix - - n - 2 smtp"
postconf -P "smtp-amavis/unix/smtp_data_done_timeout=1200" "smtp-amavis/unix/smtp_dns_support_level=disabled"
postconf -M "127.0.0.1:10025/inet=127.0.0.1:10025 inet n - n - - smtpd"
postconf -P \
  "127.0.0.1:10025/inet/content_filter=" \
  "127.0.0.1:10025/inet/receive_override_options=no_unknown_recipient_checks,no_header_body_checks" \
  "127.0.0.1:10025/inet/mynetworks=127.0.0.0/8" \
  "127.0.0.1:10025/inet/smtpd_recipient_restrictions=permit_mynetworks,reject"

selector=${DKIM_SELECTOR:-default}
key="/var/db/dkim/${domain}.${selector}.privkey.pem"
[[ -f ${key} ]] || amavisd genrsa "${key}" 2048 >/dev/null 2>&1 || openssl genrsa -out "${key}" 2048 2>/dev/null
chown amavis:amavis "${key}" 2>/dev/null || true
chmod 600 "${key}"

cat > /etc/amavis/conf.d/50-user <<AMAVIS
use strict;
\$myhostname = "${fqdn}";
\$mydomain = "${domain}";
@local_domains_acl = ( ".${domain}" );
\$inet_socket_port = 10024;
\$forward_method = 'smtp:[127.0.0.1]:10025';
\$notify_method = 'smtp:[127.0.0.1]:10025';
\$max_servers = 2;
\$enable_dkim_signing = 1;
dkim_key("${domain}", "${selector}", "${key}");
@dkim_signature_options_bysender_maps = ( { '.' => { ttl => 21*24*3600, c => 'relaxed/simple' } } );
\$do_syslog = 1;
\$log_level = 0;
1;
AMAVIS
