#!/bin/bash
# TLS by SSL_TYPE, as DMS:
#   ''          no TLS at all: plaintext SMTP/IMAP/POP3 with cleartext auth (DMS: "!! INSECURE !!")
#   snakeoil    keep the image's self-signed snakeoil certificate (DMS's testing value)
#   manual      SSL_CERT_PATH / SSL_KEY_PATH (+ SSL_ALT_CERT_PATH / SSL_ALT_KEY_PATH) copied to /etc/dms/tls
#   self-signed /tmp/docker-mailserver/ssl/<hostname>-{key,cert}.pem + demoCA/cacert.pem
#   letsencrypt /etc/letsencrypt/live/<name>/fullchain.pem + privkey.pem (certbot) or key.pem (Traefik's acme.json,
#               extracted first), <name> the first of SSL_DOMAIN (wildcard stripped), HOSTNAME, DOMAINNAME that has one
DMS_TLS_PATH=/etc/dms/tls

function __ssl_set_certificate() {
  local KEY=${1} CERT=${2}
  postconf "smtpd_tls_chain_files = ${KEY} ${CERT}"
  sed -i -E \
    -e "s|^(ssl_server_key_file =).*|\1 ${KEY}|" \
    -e "s|^(ssl_server_cert_file =).*|\1 ${CERT}|" \
    /etc/dovecot/conf.d/10-ssl.conf
}

function __ssl_copy() {
  cp "${1}" "${DMS_TLS_PATH}/${3}"
  cp "${2}" "${DMS_TLS_PATH}/${4}"
  chmod 600 "${DMS_TLS_PATH}/${3}"
  chmod 644 "${DMS_TLS_PATH}/${4}"
}

function _setup_ssl() {
  _log 'debug' 'Setting up SSL'
  mkdir -p "${DMS_TLS_PATH}"
  case "${SSL_TYPE:-}" in
    ( 'manual' )
      [[ -n ${SSL_KEY_PATH:-} || -n ${SSL_CERT_PATH:-} ]] || _dms_panic 'no-env' 'SSL_KEY_PATH or SSL_CERT_PATH' 'SSL_TYPE'
      if [[ -f ${SSL_KEY_PATH:-} && -f ${SSL_CERT_PATH:-} ]]; then
        __ssl_copy "${SSL_KEY_PATH}" "${SSL_CERT_PATH}" key cert
        __ssl_set_certificate "${DMS_TLS_PATH}/key" "${DMS_TLS_PATH}/cert"
        if [[ -f ${SSL_ALT_KEY_PATH:-} && -f ${SSL_ALT_CERT_PATH:-} ]]; then
          __ssl_copy "${SSL_ALT_KEY_PATH}" "${SSL_ALT_CERT_PATH}" fallback_key fallback_cert
          postconf "smtpd_tls_chain_files = ${DMS_TLS_PATH}/key ${DMS_TLS_PATH}/cert ${DMS_TLS_PATH}/fallback_key ${DMS_TLS_PATH}/fallback_cert"
          sed -i -E '/^ssl_server_alt_(key|cert)_file/d' /etc/dovecot/conf.d/10-ssl.conf
          printf 'ssl_server_alt_key_file = %s\nssl_server_alt_cert_file = %s\n' \
            "${DMS_TLS_PATH}/fallback_key" "${DMS_TLS_PATH}/fallback_cert" >>/etc/dovecot/conf.d/10-ssl.conf
        fi
        _log 'trace' "SSL configured with 'Manual' certificates"
      else
        _dms_panic 'no-file' "${SSL_KEY_PATH:-} or ${SSL_CERT_PATH:-}" 'SSL_TYPE'
      fi
      ;;
    ( 'self-signed' )
      local SRC=/tmp/docker-mailserver/ssl
      if [[ -f ${SRC}/${HOSTNAME}-key.pem && -f ${SRC}/${HOSTNAME}-cert.pem && -f ${SRC}/demoCA/cacert.pem ]]; then
        __ssl_copy "${SRC}/${HOSTNAME}-key.pem" "${SRC}/${HOSTNAME}-cert.pem" "${HOSTNAME}-key.pem" "${HOSTNAME}-cert.pem"
        __ssl_set_certificate "${DMS_TLS_PATH}/${HOSTNAME}-key.pem" "${DMS_TLS_PATH}/${HOSTNAME}-cert.pem"
        cp "${SRC}/demoCA/cacert.pem" "${DMS_TLS_PATH}/cacert.pem"
        chmod 644 "${DMS_TLS_PATH}/cacert.pem"
        postconf "smtpd_tls_CAfile = ${DMS_TLS_PATH}/cacert.pem" "smtp_tls_CAfile = ${DMS_TLS_PATH}/cacert.pem"
        ln -sf "${DMS_TLS_PATH}/cacert.pem" "/etc/ssl/certs/cacert-${HOSTNAME}.pem"
      else
        _dms_panic 'no-file' "${SRC}/${HOSTNAME}-key.pem + ${SRC}/${HOSTNAME}-cert.pem + ${SRC}/demoCA/cacert.pem" 'SSL_TYPE'
      fi
      ;;
    ( 'snakeoil' )
      _log 'debug' "SSL configured with the image's snakeoil certificate"
      ;;
    ( '' )
      _log 'warn' '!! INSECURE !! SSL configured with plain text access - DO NOT USE FOR PRODUCTION DEPLOYMENT'
      postconf 'smtpd_tls_security_level = none' 'smtpd_tls_auth_only = no'
      sed -i -E \
        -e 's|(-o smtpd_tls_security_level=).*|\1none|' \
        -e 's|(-o smtpd_tls_wrappermode=)yes|\1no|' \
        /etc/postfix/master.cf
      sed -i -E 's|^(auth_allow_cleartext =).*|\1 yes|' /etc/dovecot/conf.d/10-auth.conf
      sed -i -E 's|^(ssl =).*|\1 no|' /etc/dovecot/conf.d/10-ssl.conf
      # Dovecot refuses SSL listeners with ssl=no: drop them (DMS then has no 993/995 either)
      sed -i -E '/inet_listener (imaps|pop3s) \{/,/\}/d' /etc/dovecot/conf.d/10-master.conf
      ;;
    ( 'letsencrypt' )
      [[ -f /etc/letsencrypt/acme.json ]] && __ssl_extract_from_acme_json
      local NAME KEY
      NAME=$(__ssl_letsencrypt_name) || _dms_panic 'no-file' "/etc/letsencrypt/live/{${SSL_DOMAIN:-},${HOSTNAME},${DOMAINNAME}}/fullchain.pem" 'SSL_TYPE'
      for KEY in privkey key ''; do
        [[ -z ${KEY} || -f /etc/letsencrypt/live/${NAME}/${KEY}.pem ]] && break
      done
      [[ -n ${KEY} ]] || _dms_panic 'no-file' "/etc/letsencrypt/live/${NAME}/privkey.pem or key.pem" 'SSL_TYPE'
      __ssl_set_certificate "/etc/letsencrypt/live/${NAME}/${KEY}.pem" "/etc/letsencrypt/live/${NAME}/fullchain.pem"
      _log 'trace' "SSL configured with 'letsencrypt' certificates of ${NAME}"
      ;;
    ( * )
      _dms_panic 'invalid-value' 'SSL_TYPE'
      ;;
  esac
}

function __ssl_strip_wildcard() {
  echo "${1#\*.}"
}

# The first of SSL_DOMAIN, HOSTNAME, DOMAINNAME with a live/<name>/fullchain.pem.
function __ssl_letsencrypt_name() {
  local NAME
  for NAME in "$(__ssl_strip_wildcard "${SSL_DOMAIN:-}")" "${HOSTNAME}" "${DOMAINNAME}"; do
    [[ -n ${NAME} && -f /etc/letsencrypt/live/${NAME}/fullchain.pem ]] && echo "${NAME}" && return 0
  done
  return 1
}

# Traefik keeps its certificates in acme.json: the first of SSL_DOMAIN, HOSTNAME, DOMAINNAME found there (as `main`
# or among `sans`) is written to live/<name>/key.pem and fullchain.pem.
function __ssl_extract_from_acme_json() {
  local NAME
  for NAME in "${SSL_DOMAIN:-}" "${HOSTNAME}" "${DOMAINNAME}"; do
    [[ -n ${NAME} ]] || continue
    if acme-json-extract /etc/letsencrypt/acme.json "${NAME}" "/etc/letsencrypt/live/$(__ssl_strip_wildcard "${NAME}")"; then
      _log 'trace' "Extracted the certificate of ${NAME} from acme.json"
      return 0
    fi
  done
  _log 'warn' 'acme.json holds no certificate for SSL_DOMAIN, HOSTNAME or DOMAINNAME'
}
