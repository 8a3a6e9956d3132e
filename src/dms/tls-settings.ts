/** How the wizard's answers say the server gets its certificate. */

export type TlsChoice = 'letsencrypt' | 'manual' | 'self-signed' | 'none';
/** Where a Let's Encrypt certificate comes from: mailwiz over ACME, files someone else keeps there, or Traefik. */
export type CertificateSource = 'mailwiz' | 'existing' | 'traefik';

export interface TlsSettings {
  type: TlsChoice;
  /** Host paths of the certificate chain and key (manual). */
  certPath?: string;
  keyPath?: string;
  /** letsencrypt: where the certificate comes from ('mailwiz' when absent). */
  source?: CertificateSource;
  /** letsencrypt: the host folder mounted at /etc/letsencrypt (/etc/letsencrypt when absent). */
  letsencryptDir?: string;
  /** source mailwiz: the CA's expiry notices go here. */
  email?: string;
  /** source mailwiz: another ACME server than Let's Encrypt (a private CA), the CA of its HTTPS, its http-01 port. */
  acmeDirectory?: string;
  acmeCa?: string;
  httpPort?: number;
  /** source traefik: the host path of Traefik's acme.json. */
  acmeJson?: string;
}
