import { isIP } from 'node:net';
import { fillFilter, ldapUriParts } from '../../dms/ldap-syntax.js';
import { ldapProblems, type LdapSettings } from '../../dms/wizard-answers.js';
import { describeLdapError } from './ldap-errors.js';

/**
 * A live test of the LDAP settings against the directory, as DMS will use them: connect (StartTLS when chosen),
 * bind, look at the search base, count the users the USER filter finds (with three examples), and ask the DOMAIN and
 * SENDERS filters about a sample address.
 */

export type StepStatus = 'ok' | 'warn' | 'fail';

export interface TestStep {
  name: 'settings' | 'connect' | 'bind' | 'base' | 'users' | 'domain' | 'senders';
  status: StepStatus;
  message: string;
}

export interface DirectoryReport {
  ok: boolean;
  steps: TestStep[];
  userCount?: number;
  /** True when the count stopped at the limit. */
  moreUsers?: boolean;
  examples: string[];
  sample?: string;
  domainMatches?: number;
  senders?: string[];
}

const COUNT_LIMIT = 10_000;
const TIMEOUT_MS = 8_000;

function mailOf(entry: Record<string, unknown>): string {
  const mail = entry.mail ?? entry.mailLocalAddress;
  const value = Array.isArray(mail) ? mail[0] : mail;
  return typeof value === 'string' ? value : String(entry.dn);
}

export async function testDirectory(settings: LdapSettings, options: { sampleAddress?: string } = {}): Promise<DirectoryReport> {
  const report: DirectoryReport = { ok: false, steps: [], examples: [] };
  const step = (name: TestStep['name'], status: StepStatus, message: string): void => void report.steps.push({ name, status, message });
  const problems = ldapProblems(settings);
  if (problems.length > 0) {
    step('settings', 'fail', problems.map((p) => p.message).join('; '));
    return report;
  }
  const { Client } = await import('ldapts');
  const { host, secure } = ldapUriParts(settings.uri);
  // ldapts speaks TLS from the start whenever tlsOptions are given: only for ldaps://. SNI takes names, not IPs.
  const tlsOptions = isIP(host) === 0 ? { servername: host } : {};
  const client = new Client({ url: settings.uri.replace(/\/$/, ''), timeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS, ...(secure ? { tlsOptions } : {}) });
  const context = { uri: settings.uri, bindDn: settings.bindDn, searchBase: settings.searchBase };
  let phase: TestStep['name'] = 'connect';
  try {
    if (settings.startTls) await client.startTLS(tlsOptions);
    phase = 'bind';
    await client.bind(settings.bindDn, settings.bindPassword);
    step('connect', 'ok', `Connected to ${settings.uri}${settings.startTls ? ' with StartTLS' : ''}`);
    step('bind', 'ok', `Bound as ${settings.bindDn}`);
    phase = 'base';
    await client.search(settings.searchBase, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] });
    step('base', 'ok', `The search base ${settings.searchBase} exists`);
    phase = 'users';
    const users = await client.search(settings.searchBase, {
      scope: 'sub',
      filter: fillFilter(settings.filters.user, '*'),
      attributes: ['mail', 'mailLocalAddress'],
      paged: { pageSize: 500 },
      sizeLimit: COUNT_LIMIT,
    });
    report.userCount = users.searchEntries.length;
    report.moreUsers = report.userCount >= COUNT_LIMIT;
    report.examples = users.searchEntries.slice(0, 3).map((e) => mailOf(e as Record<string, unknown>));
    if (report.userCount === 0) {
      step('users', 'fail', `The USER filter matches nobody under ${settings.searchBase}: no one could log in or receive mail. Check the filter and the base`);
      return report;
    }
    step('users', 'ok', `The USER filter matches ${report.userCount}${report.moreUsers ? '+' : ''} user${report.userCount === 1 ? '' : 's'}, e.g. ${report.examples.join(', ')}`);
    const sample = options.sampleAddress || report.examples.find((e) => e.includes('@'));
    if (!sample) {
      step('domain', 'warn', 'The users found have no mail attribute: the DOMAIN and SENDERS filters could not be tried');
      report.ok = true;
      return report;
    }
    report.sample = sample;
    const domain = sample.slice(sample.lastIndexOf('@') + 1);
    phase = 'domain';
    const domains = await client.search(settings.searchBase, { scope: 'sub', filter: fillFilter(settings.filters.domain, domain), attributes: ['1.1'], sizeLimit: 1000 });
    report.domainMatches = domains.searchEntries.length;
    step(
      'domain',
      report.domainMatches > 0 ? 'ok' : 'fail',
      report.domainMatches > 0
        ? `The DOMAIN filter finds ${domain} (${report.domainMatches} entr${report.domainMatches === 1 ? 'y' : 'ies'}): mail for it is accepted`
        : `The DOMAIN filter finds nothing for ${domain}: mail to ${sample} would be refused`,
    );
    phase = 'senders';
    const senders = await client.search(settings.searchBase, { scope: 'sub', filter: fillFilter(settings.filters.senders, sample), attributes: ['mail', 'mailLocalAddress'], sizeLimit: 100 });
    report.senders = senders.searchEntries.map((e) => mailOf(e as Record<string, unknown>));
    step(
      'senders',
      report.senders.length > 0 ? 'ok' : 'fail',
      report.senders.length > 0
        ? `The SENDERS filter lets ${report.senders.join(', ')} send as ${sample}`
        : `The SENDERS filter finds nobody for ${sample}: with spoof protection on, ${sample} could not send`,
    );
    report.ok = report.steps.every((s) => s.status !== 'fail');
    return report;
  } catch (error) {
    const invalidCredentials = (error as { code?: unknown }).code === 49;
    if (phase === 'bind' && invalidCredentials) step('connect', 'ok', `Connected to ${settings.uri}`);
    step(phase === 'bind' && !invalidCredentials ? 'connect' : phase, 'fail', describeLdapError(error, context));
    return report;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
