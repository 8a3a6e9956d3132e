/** The text of `mailwiz cert --help`, apart from the command so that help loads nothing else. */
export const CERT_USAGE = `mailwiz cert COMMAND [options]: Let's Encrypt certificates for the mail server (SSL_TYPE=letsencrypt)
  obtain     get a certificate over ACME now (http-01: port 80 must reach this machine); keeps one that is not due
  renew      renew every certificate mailwiz obtained that is due (for cron; does nothing otherwise)
  status     the certificates in the folder, their names, expiry and renewal date
  cron       print the cron entry that renews them; --install writes /etc/cron.d/mailwiz-cert-renew
  certbot    print a certbot service for compose.yaml instead (it obtains and renews on its own; start it first)
Options:
  --name FQDN            a name on the certificate (repeatable; default: the mail server's host name)
  --dir DIR              the host folder the mail server mounts at /etc/letsencrypt (default: found, else /etc/letsencrypt)
  --email ADDRESS        for the CA's expiry notices
  --staging              Let's Encrypt's staging server (untrusted certificates, for a first try)
  --acme-directory URL   another ACME server (a private CA)
  --acme-ca FILE         the CA of that server's HTTPS certificate (PEM)
  --http-port PORT       where to answer the http-01 challenge (default 80)
  --key-type ecdsa|rsa   the certificate's key (default ecdsa P-256)
  --days N               renew this many days before expiry (default 30)
  --force                a new certificate even when the one there is not due
  --json                 status as JSON
`;
