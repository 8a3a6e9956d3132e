import { createHash, type X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchTlsa, tlsaUnusable, type TlsaRecord } from '../../src/dms/dns-tlsa.js';
import { reporter } from '../../src/services/dns/check-result.js';
import { daneResults, lookUpDane, type ServedChain } from '../../src/services/dns/checks/dane.js';
import { RecordedResolver, type RecordedAnswers } from '../../src/services/dns/recorded-resolver.js';
import { byId, FQDN } from '../support/dns-fixtures.js';
import { makeCa, makeCertificate } from '../support/tls-certs.js';

/** Real certificates made in-process; the expected TLSA data computed here the way RFC 6698 §2.1 defines it. */
const ca = makeCa('DANE test CA');
const otherCa = makeCa('other CA');
const leaf = makeCertificate({ names: [FQDN], issuer: ca });
const chain = [leaf.cert.raw, ca.cert.raw];

const spki = (cert: X509Certificate): Buffer => cert.publicKey.export({ type: 'spki', format: 'der' });
const digest = (algorithm: string, data: Buffer): string => createHash(algorithm).update(data).digest('hex');
const tlsa = (usage: number, selector: number, matchingType: number, data: string): TlsaRecord => ({ usage, selector, matchingType, data });

const LEAF_3_1_1 = tlsa(3, 1, 1, digest('sha256', spki(leaf.cert)));
const CA_2_0_1 = tlsa(2, 0, 1, digest('sha256', ca.cert.raw));

describe('matchTlsa', () => {
  it('matches DANE-EE against the leaf: certificate or key, exact, SHA-256 or SHA-512', () => {
    for (const record of [
      LEAF_3_1_1,
      tlsa(3, 0, 1, digest('sha256', leaf.cert.raw)),
      tlsa(3, 1, 2, digest('sha512', spki(leaf.cert))),
      tlsa(3, 0, 0, leaf.cert.raw.toString('hex')),
      tlsa(3, 1, 0, spki(leaf.cert).toString('hex')),
    ]) {
      expect(matchTlsa(record, chain, FQDN)).toEqual({ kind: 'match', certificate: 0 });
    }
    expect(matchTlsa(tlsa(3, 1, 1, LEAF_3_1_1.data.toUpperCase()), chain, FQDN).kind).toBe('match');
    expect(matchTlsa(tlsa(3, 1, 1, digest('sha256', spki(ca.cert))), chain, FQDN)).toEqual({ kind: 'no-match' });
    expect(matchTlsa(LEAF_3_1_1, chain, 'other.example.com')).toEqual({ kind: 'match', certificate: 0 });
  });

  it('matches DANE-TA against a CA in the chain, not the leaf, when the chain links up and the leaf names the host', () => {
    expect(matchTlsa(CA_2_0_1, chain, FQDN)).toEqual({ kind: 'match', certificate: 1 });
    expect(matchTlsa(tlsa(2, 1, 1, digest('sha256', spki(ca.cert))), chain, FQDN)).toEqual({ kind: 'match', certificate: 1 });
    expect(matchTlsa(tlsa(2, 0, 1, digest('sha256', leaf.cert.raw)), chain, FQDN)).toEqual({ kind: 'no-match' });
    expect(matchTlsa(CA_2_0_1, chain, 'other.example.com')).toEqual({ kind: 'broken', why: 'the leaf certificate is not for other.example.com' });
    const foreign = makeCertificate({ names: [FQDN], issuer: otherCa });
    expect(matchTlsa(CA_2_0_1, [foreign.cert.raw, ca.cert.raw], FQDN)).toEqual({
      kind: 'broken',
      why: 'certificate 1 of the chain is not signed by certificate 2',
    });
  });

  it('names why a record is unusable for SMTP', () => {
    expect(tlsaUnusable(LEAF_3_1_1)).toBeUndefined();
    expect(tlsaUnusable(tlsa(1, 1, 1, LEAF_3_1_1.data))).toContain('RFC 7672 §3.1.3');
    expect(tlsaUnusable(tlsa(3, 2, 1, LEAF_3_1_1.data))).toBe('selector 2 is not defined');
    expect(tlsaUnusable(tlsa(3, 1, 3, LEAF_3_1_1.data))).toBe('matching type 3 is not defined');
    expect(tlsaUnusable(tlsa(3, 1, 1, 'ab'.repeat(20)))).toBe('a sha256 digest has 32 bytes, this one 20');
  });
});

const NAME = `_25._tcp.${FQDN}`;
const SIGNED = { signed: true, authenticated: true };

async function dane(answers: RecordedAnswers, served: ServedChain = { chain }) {
  const resolver = new RecordedResolver(answers);
  return byId(daneResults(reporter(resolver), await lookUpDane(resolver, FQDN), served));
}

describe('daneResults', () => {
  it('passes without TLSA records: DANE is optional, and an unsigned zone is fine', async () => {
    const results = await dane({ [FQDN]: { A: ['192.0.2.10'] } });
    expect(Object.values(results).map((r) => [r.id, r.status])).toEqual([
      ['dane.tlsa', 'pass'],
      ['dnssec.signed', 'pass'],
    ]);
    expect(results['dane.tlsa']?.summary).toBe(`DANE is not published (no TLSA at ${NAME}); it is optional`);
  });

  it('passes a matching TLSA record in a signed, validated zone', async () => {
    const results = await dane({ 'example.com': { DNSSEC: SIGNED }, [NAME]: { TLSA: [tlsa(3, 1, 1, 'ab'.repeat(32)), LEAF_3_1_1] } });
    expect(Object.values(results).map((r) => [r.id, r.status])).toEqual([
      ['dane.tlsa', 'pass'],
      ['dnssec.signed', 'pass'],
      ['dnssec.validated', 'pass'],
      ['dane.match', 'pass'],
    ]);
    expect(results['dane.tlsa']?.summary).toBe(`${NAME} publishes 2 TLSA records in a signed zone`);
    expect(results['dane.match']?.summary).toBe(`the certificate on port 25 matches TLSA ${`3 1 1 ${LEAF_3_1_1.data}`.slice(0, 23)}…`);
  });

  it('fails TLSA records in an unsigned zone: senders ignore them', async () => {
    const results = await dane({ [NAME]: { TLSA: [LEAF_3_1_1] } });
    expect(results['dane.tlsa']).toMatchObject({
      status: 'fail',
      summary: `TLSA without DNSSEC is ignored by senders: ${NAME} has TLSA records in an unsigned zone`,
    });
    expect(results['dnssec.signed']?.status).toBe('pass');
  });

  it('fails when no record matches the served certificate, and shows the record that would', async () => {
    const results = await dane({ 'example.com': { DNSSEC: SIGNED }, [NAME]: { TLSA: [tlsa(3, 1, 1, 'ab'.repeat(32))] } });
    expect(results['dane.match']).toMatchObject({
      status: 'fail',
      summary: `no TLSA record at ${NAME} matches the certificate served on port 25: senders using DANE will not deliver`,
      detail: `the served certificate's key: ${NAME}. TLSA 3 1 1 ${LEAF_3_1_1.data}`,
    });
  });

  it('warns when the zone is signed but the resolver did not validate it: senders would then ignore the records', async () => {
    const results = await dane({ 'example.com': { DNSSEC: { signed: true, authenticated: false } }, [NAME]: { TLSA: [LEAF_3_1_1] } });
    expect(results['dnssec.validated']).toMatchObject({ status: 'warn', detail: expect.stringContaining('senders then ignore its TLSA records') });
    expect(results['dane.match']?.status).toBe('pass');
  });

  it('warns when every record is unusable for SMTP', async () => {
    const results = await dane({ 'example.com': { DNSSEC: SIGNED }, [NAME]: { TLSA: [tlsa(1, 1, 1, LEAF_3_1_1.data)] } });
    expect(results['dane.match']).toMatchObject({ status: 'warn', summary: expect.stringContaining('none of the TLSA records') });
  });

  it('is unknown when it cannot compare or cannot look', async () => {
    const signed = { 'example.com': { DNSSEC: SIGNED }, [NAME]: { TLSA: [LEAF_3_1_1] } };
    expect((await dane(signed, { error: 'port 25 (connect): connect ECONNREFUSED' }))['dane.match']).toMatchObject({
      status: 'unknown',
      detail: 'port 25 (connect): connect ECONNREFUSED',
    });
    expect((await dane({ [NAME]: { TLSA: 'SERVFAIL' } }))['dane.tlsa']?.status).toBe('unknown');
    const blind = await dane({ 'example.com': { DNSSEC: 'NODNSSEC' }, [NAME]: { TLSA: [LEAF_3_1_1] } });
    expect([blind['dane.tlsa']?.status, blind['dnssec.signed']?.status]).toEqual(['unknown', 'unknown']);
  });
});
