import { describe, expect, it } from 'vitest';
import { checkTlsRpt } from '../../src/services/dns/checks/tls-rpt.js';
import { RecordedResolver } from '../../src/services/dns/recorded-resolver.js';
import { byId } from '../support/dns-fixtures.js';

async function check(...records: string[]) {
  return byId(await checkTlsRpt(new RecordedResolver(records.length ? { '_smtp._tls.example.com': { TXT: records } } : {}), 'example.com'));
}

describe('checkTlsRpt', () => {
  it('passes mailto and https destinations', async () => {
    const results = await check('v=TLSRPTv1; rua=mailto:tls@example.com,https://reports.example.net/v1');
    expect(results['tls-rpt.syntax']).toMatchObject({
      status: 'pass',
      summary: 'TLS reports for example.com go to mailto:tls@example.com,https://reports.example.net/v1',
    });
  });

  it('advises it when absent, fails two records', async () => {
    expect((await check())['tls-rpt.record']?.status).toBe('advice');
    expect((await check('v=TLSRPTv1; rua=mailto:a@example.com', 'v=TLSRPTv1; rua=mailto:b@example.com'))['tls-rpt.record']?.status).toBe(
      'fail',
    );
  });

  it.each([
    ['v=TLSRPTv1', 'there is no rua= (where to send reports)'],
    ['v=TLSRPTv1; rua=tls@example.com', "'tls@example.com' is not a mailto: or https: URI"],
    ['v=TLSRPTv1; rua=ftp://example.com/x', "'ftp://example.com/x' is not a mailto: or https: URI"],
    ['v=TLSRPTv1; rua=mailto:not an address', "'mailto:not an address': 'not an address' contains white space or control characters"],
  ])('fails %s', async (record, problem) => {
    expect((await check(record))['tls-rpt.syntax']).toMatchObject({
      status: 'fail',
      summary: `the TLS-RPT record of example.com is invalid: ${problem}`,
    });
  });
});
