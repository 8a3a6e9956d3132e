import { compactBase64, dkimRecordName, dkimRecordValue, inspectDkimKey } from '../../../dms/dkim-key.js';
import { joinedTxt, parseTagList, splitTxt, type TagList } from '../../../dms/dns-txt.js';
import { reporter, type CheckResult, type Report } from '../check-result.js';
import { unknownReason, type DnsResolver } from '../resolver.js';

/**
 * DKIM rules (RFC 6376 §3.6.1): the selector's record exists, starts v=DKIM1, has a p= key that decodes, of at least
 * 1024 bits (2048 advised), and equal to the key the server signs with; a key cut short by the DNS provider is named so.
 */

export interface DkimExpectation {
  selector: string;
  /** The server's public key; without it the published key is checked but not compared. */
  publicKeyBase64?: string;
  keyType?: 'rsa' | 'ed25519';
}

const ADVISED_BITS = 2048;
const MINIMUM_BITS = 1024;

export async function checkDkim(resolver: DnsResolver, domain: string, expected: DkimExpectation): Promise<CheckResult[]> {
  const report = reporter(resolver);
  const name = dkimRecordName(expected.selector, domain);
  const publish =
    expected.publicKeyBase64 &&
    `publish at ${name}: ${splitTxt(dkimRecordValue({ ...expected, publicKeyBase64: expected.publicKeyBase64 })).join(' ')}`;
  const answer = await resolver.resolveTxt(name);
  if (answer.kind === 'unknown')
    return [report('dkim.record', 'unknown', `could not look up the DKIM record ${name}`, unknownReason(answer))];
  if (answer.kind === 'void') return [report('dkim.record', 'fail', `there is no DKIM record at ${name}`, publish || undefined)];
  const texts = joinedTxt(answer.records);
  if (texts.length > 1)
    return [report('dkim.record', 'fail', `${name} holds ${texts.length} TXT records: verifiers may pick any`, texts.join('\n'))];
  const text = texts[0] ?? '';
  const tags = parseTagList(text);
  const syntax = syntaxProblem(tags);
  if (syntax) return [report('dkim.record', 'fail', `the DKIM record at ${name} is invalid: ${syntax}`, text)];
  const published = compactBase64(tags.tags.get('p') ?? '');
  const results = [versionResult(report, name, tags, text)];
  if (expected.publicKeyBase64 !== undefined) results.push(matchResult(report, name, published, compactBase64(expected.publicKeyBase64)));
  results.push(sizeResult(report, name, published, tags.tags.get('k') ?? 'rsa'));
  return results;
}

function syntaxProblem(tags: TagList): string | undefined {
  if (tags.problems.length > 0) return tags.problems.join('; ');
  const version = tags.tags.get('v');
  if (version !== undefined && (tags.names[0] !== 'v' || version !== 'DKIM1')) return 'v=DKIM1 must come first, exactly so';
  const key = tags.tags.get('p');
  if (key === undefined) return 'it has no p= tag (the public key)';
  if (compactBase64(key) === '') return 'p= is empty: the key is revoked';
  return undefined;
}

function versionResult(report: Report, name: string, tags: TagList, text: string): CheckResult {
  if (tags.tags.get('v') === undefined)
    return report('dkim.record', 'warn', `the DKIM record at ${name} does not start with v=DKIM1`, text);
  return report('dkim.record', 'pass', `the DKIM record at ${name} is published`, text);
}

function matchResult(report: Report, name: string, published: string, expected: string): CheckResult {
  if (published === expected) return report('dkim.key', 'pass', `${name} holds the server's key`);
  if (published.length < expected.length && expected.startsWith(published)) {
    return report(
      'dkim.key',
      'fail',
      `the key at ${name} is cut short: ${published.length} of its ${expected.length} characters are published`,
      'the DNS provider truncated the value: enter it as several strings of at most 255 characters, or as one value if it splits long values itself',
    );
  }
  return report(
    'dkim.key',
    'fail',
    `the key at ${name} is not the key the server signs with`,
    "mail signed by the server fails DKIM: publish the server's current key",
  );
}

function sizeResult(report: Report, name: string, published: string, keyType: string): CheckResult {
  const key = inspectDkimKey(published, keyType);
  if (!key.ok) return report('dkim.key-size', 'fail', `the key at ${name} is unusable: ${key.problem}`);
  if (key.type === 'ed25519') return report('dkim.key-size', 'pass', `the key at ${name} is an Ed25519 key`);
  if (key.bits < MINIMUM_BITS)
    return report(
      'dkim.key-size',
      'fail',
      `the key at ${name} has ${key.bits} bits: verifiers ignore keys under ${MINIMUM_BITS}`,
      `generate a ${ADVISED_BITS}-bit key`,
    );
  if (key.bits < ADVISED_BITS) return report('dkim.key-size', 'advice', `the key at ${name} has ${key.bits} bits (${ADVISED_BITS} advised)`);
  return report('dkim.key-size', 'pass', `the key at ${name} has ${key.bits} bits`);
}
