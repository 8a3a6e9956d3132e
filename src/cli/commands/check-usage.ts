/** The text of `mailwiz check --help`, apart from the command so that help loads nothing else. */
export const CHECK_USAGE = `mailwiz check [options]: every DNS and TLS check; exit 0 no problem (advice allowed), 1 warnings, 2 failures
  --resolver IP[:PORT]  ask this DNS resolver (default: the system's)
  --domain DOMAIN       check this domain (repeatable; default: the domains of the accounts and aliases)
  --ip ADDRESS          the server's public IPv4/IPv6 address (repeatable; default: the A/AAAA of its FQDN)
  --ca FILE             also trust the CA certificates in this PEM file (repeatable)
  --dnsbl ZONE          ask this block list (repeatable; an IP list, e.g. zen.spamhaus.org); none: no list
  --no-dnsbl            the same as --dnsbl none
  --strict              advice (optional records, upgrades) counts as a warning in the exit status
  --dns-only            only the DNS rules (no TLS probe of the mail ports, no DANE match, no renewal)
  --host FQDN           the mail server's name; with --domain and without -c, no container is asked (plan a move,
                        check before the deploy, or a server on another host)
  --dkim-selector S     the selector of --dkim-key/--dkim-record (default mail)
  --dkim-key FILE       the DKIM key (PEM, private or public: only its public half is used)
  --dkim-record FILE    the DKIM record (opendkim-genkey's .txt, or the v=DKIM1; … value)
  --timeout SECONDS     for each DNS query and TLS connection (default 5)
  --json                machine-readable output
`;
