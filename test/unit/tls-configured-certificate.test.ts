import { describe, expect, it } from 'vitest';
import { summarizeCertificate } from '../../src/services/tls/configured-certificate.js';
import { makeCa, makeCertificate } from '../support/tls-certs.js';

/** The Health screen's line about the certificate the server serves. */

const ca = makeCa();
const now = new Date(Date.UTC(2030, 0, 1, 12));
/** A certificate that expires at midnight, `days` days after 1 January 2030. */
const valid = (days: number) =>
  makeCertificate({ names: ['mail.example.test', 'example.test'], issuer: ca, notBefore: new Date(Date.UTC(2029, 11, 1)), notAfter: new Date(Date.UTC(2030, 0, 1 + days)) });

describe('summarizeCertificate', () => {
  it('names the certificate, its issuer and the days it has left', () => {
    const summary = summarizeCertificate(valid(80).certPem + ca.certPem, now);
    expect(summary).toMatchObject({ names: ['mail.example.test', 'example.test'], daysLeft: 79, status: 'pass' });
    expect(summary?.issuer).toContain('mailwiz test CA');
  });

  it('warns under 21 days and fails once expired', () => {
    expect(summarizeCertificate(valid(10).certPem, now)?.status).toBe('warn');
    expect(summarizeCertificate(valid(-1).certPem, now)).toMatchObject({ status: 'fail', daysLeft: -2 });
  });

  it('has nothing to say without a certificate', () => {
    expect(summarizeCertificate('', now)).toBeUndefined();
  });
});
