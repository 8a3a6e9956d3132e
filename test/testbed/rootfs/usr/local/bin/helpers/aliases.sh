#!/bin/bash
# Aliases: postfix-virtual.cf -> /etc/postfix/virtual (texthash), postfix-regexp.cf ->
# /etc/postfix/regexp (pcre), postfix-aliases.cf -> /etc/aliases (after "root: POSTMASTER_ADDRESS").

function _handle_postfix_virtual_config() {
  _get_valid_lines_from_file /tmp/docker-mailserver/postfix-virtual.cf | _write_atomic /etc/postfix/virtual
}

function _handle_postfix_regexp_config() {
  if [[ -f /tmp/docker-mailserver/postfix-regexp.cf ]]; then
    _get_valid_lines_from_file /tmp/docker-mailserver/postfix-regexp.cf | _write_atomic /etc/postfix/regexp
    _add_to_or_update_postfix_main 'virtual_alias_maps' 'pcre:/etc/postfix/regexp'
  else
    : | _write_atomic /etc/postfix/regexp
  fi
}

function _handle_postfix_aliases_config() {
  {
    echo "root: ${POSTMASTER_ADDRESS}"
    _get_valid_lines_from_file /tmp/docker-mailserver/postfix-aliases.cf
  } | _write_atomic /etc/aliases
  postalias /etc/aliases
}

function _create_aliases() {
  _handle_postfix_virtual_config
  _handle_postfix_regexp_config
  _handle_postfix_aliases_config
}
