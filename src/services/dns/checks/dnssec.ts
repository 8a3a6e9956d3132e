import { normalName } from '../../../dms/dns-name.js';
import { reporter, type CheckResult, type Report } from '../check-result.js';
import { unknownReason, type DnsResolver, type DnssecAnswer } from '../resolver.js';

/**
 * DNSSEC rules: whether a zone is signed, and whether the resolver validated it (AD), as two results. DNSSEC is
 * optional: an unsigned zone passes (with a note), so that `mailwiz check` in cron does not alarm on the common case.
 * Only DANE depends on it, and says so (`daneDepends`).
 */

export interface DnssecSubject {
  /** The name asked about. */
  name: string;
  /** How results name it: `example.com`, `the zone of _25._tcp.mail.example.com`. */
  what: string;
  /** TLSA records are published there: senders use them only from a validated zone. */
  daneDepends: boolean;
}

/** The DNSSEC status of a mail domain (the zone its MX records come from). */
export async function checkDnssec(resolver: DnsResolver, domain: string): Promise<CheckResult[]> {
  const name = normalName(domain);
  return dnssecResults(reporter(resolver), { name, what: name, daneDepends: false }, await resolver.dnssec(name));
}

export function dnssecResults(report: Report, subject: DnssecSubject, answer: DnssecAnswer): CheckResult[] {
  const { what, daneDepends } = subject;
  if (answer.kind === 'unknown' && answer.code === 'NODNSSEC' && !daneDepends) {
    return [
      report(
        'dnssec.signed',
        'pass',
        `not checked whether ${what} is DNSSEC-signed: the resolver passes no DNSSEC records on (DNSSEC is optional)`,
        `ask one that does with --resolver`,
      ),
    ];
  }
  if (answer.kind === 'unknown') {
    const reason = answer.code === 'NODNSSEC' ? answer.message : unknownReason(answer);
    return [report('dnssec.signed', 'unknown', `could not tell whether ${what} is DNSSEC-signed`, reason)];
  }
  if (!answer.signed) {
    const note = daneDepends ? 'DANE needs it' : 'it is optional; DANE for mail needs it';
    return [report('dnssec.signed', 'pass', `${what} is not DNSSEC-signed (${note})`)];
  }
  return [report('dnssec.signed', 'pass', `${what} is DNSSEC-signed`), validatedResult(report, subject, answer.authenticated)];
}

function validatedResult(report: Report, { what, daneDepends }: DnssecSubject, authenticated: boolean): CheckResult {
  if (authenticated) return report('dnssec.validated', 'pass', `the resolver validated the signatures of ${what} (AD flag)`);
  const consequence = daneDepends ? 'senders then ignore its TLSA records' : 'validating resolvers then treat the zone as unsigned';
  return report(
    'dnssec.validated',
    daneDepends ? 'warn' : 'pass',
    `the resolver did not validate the signatures of ${what} (no AD flag)`,
    'either it does not validate DNSSEC (ask one that does with --resolver), or the chain of trust is broken ' +
      `(no DS record at the parent): ${consequence}`,
  );
}
