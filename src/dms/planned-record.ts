/** One DNS record of a plan (dns-plan.ts), with how much it matters and why. */

export type Importance = 'required' | 'recommended' | 'optional';
export type RecordType = 'MX' | 'A' | 'AAAA' | 'PTR' | 'TXT' | 'CNAME' | 'SRV';

export interface PlannedRecord {
  /** The owner name, without the trailing dot. */
  name: string;
  type: RecordType;
  /** The record data; host names without the trailing dot; SRV: `weight port target`. */
  value: string;
  /** MX preference or SRV priority. */
  priority?: number;
  importance: Importance;
  /** One line: why to publish it. */
  reason: string;
}
