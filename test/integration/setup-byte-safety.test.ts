import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mailServer, type MailServer } from '../../src/services/mail-server.js';
import { ConfigFolderTarget } from '../../src/target/index.js';
import { setupInProcess } from '../support/setup-in-process.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

/**
 * Config files are bytes: lines mailwiz does not change stay byte for byte as they were, whatever their encoding, line
 * end or damage, through 50 mixed `setup` edits, in a config folder (-p) and in a running container (-c).
 */

const D = TEST_DOMAIN;
const FOREIGN_LINES = [
  Buffer.from('# Weiterleitungen f\xfcr M\xfcller', 'latin1'),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x20, 0x62, 0x72, 0x6f, 0x6b, 0x65, 0x6e, 0xed, 0xa0, 0x80]),
  Buffer.from('# Grüße aus Köln ✓ – edited on Windows\r'),
  Buffer.from('# '),
];
const FILES: Record<string, string[]> = {
  'postfix-accounts.cf': [`keep@${D}|{SHA512-CRYPT}$6$Hs4uWyUq4mr3y2Yj$U8zCjSeqtNaMv2yUuJ4Ldn4VJcwJ8u9oQv0f3iVxf6Np9i2yT.3gz7JkfmGqUS6kyQwi7Y3iT5a1wvh2zrXKw/`],
  'postfix-virtual.cf': [`sales@${D} keep@${D}`],
  'dovecot-quotas.cf': [`keep@${D}:1G`],
  'postfix-send-access.cf': [`spammer@${D} \t\t REJECT`],
  'postfix-relaymap.cf': ['@kept.example [smtp.kept.example]:587'],
  'postfix-sasl-password.cf': ['@kept.example keptuser:keptpass'],
  'dovecot-masters.cf': ['keptmaster|{SHA512-CRYPT}$6$Hs4uWyUq4mr3y2Yj$U8zCjSeqtNaMv2yUuJ4Ldn4VJcwJ8u9oQv0f3iVxf6Np9i2yT.3gz7JkfmGqUS6kyQwi7Y3iT5a1wvh2zrXKw/'],
};

/** One edit: the command line, and the text every line it adds or removes must contain. */
type Edit = [args: string[], key: string];

function edits(count: number): Edit[] {
  const make: ((n: number) => Edit)[] = [
    (n) => [['email', 'add', `u${n}@${D}`, `pw-${n}`], `u${n}@`],
    (n) => [['alias', 'add', `a${n}@${D}`, `u${n - 1}@${D}`], `a${n}@`],
    (n) => [['quota', 'set', `u${n - 2}@${D}`, `${n}M`], `u${n - 2}@`],
    (n) => [['email', 'update', `u${n - 3}@${D}`, `new-pw-${n}`], `u${n - 3}@`],
    (n) => [['email', 'restrict', 'add', 'send', `u${n - 4}@${D}`], `u${n - 4}@`],
    (n) => [['relay', 'add-domain', `r${n}.example`, 'smtp.relay.example', '2525'], `@r${n}.example`],
    (n) => [['relay', 'add-auth', `r${n - 1}.example`, `user${n}`, `secret-${n}`], `@r${n - 1}.example`],
    (n) => [['dovecot-master', 'add', `master${n}`, `mpw-${n}`], `master${n}|`],
    (n) => [['alias', 'del', `a${n - 7}@${D}`, `u${n - 8}@${D}`], `a${n - 7}@`],
    (n) => [['quota', 'del', `u${n - 9}@${D}`], `u${n - 9}@`],
    (n) => [['email', 'restrict', 'del', 'send', `u${n - 10}@${D}`], `u${n - 10}@`],
    (n) => [['relay', 'exclude-domain', `x${n}.example`], `@x${n}.example`],
    (n) => [['dovecot-master', 'del', `master${n - 5}`], `master${n - 5}|`],
    (n) => [['email', 'del', '-n', `u${n - 13}@${D}`], `u${n - 13}@`],
  ];
  return Array.from({ length: count }, (_, n) => make[n % make.length]!(n));
}

const lines = (bytes: Buffer): Buffer[] => {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, start)) {
    out.push(bytes.subarray(start, i));
    start = i + 1;
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
};

/** Lines in `a` that are not in `b` (as a multiset of byte strings). */
function missing(a: Buffer[], b: Buffer[]): Buffer[] {
  const counts = new Map<string, number>();
  for (const line of b) counts.set(line.toString('hex'), (counts.get(line.toString('hex')) ?? 0) + 1);
  return a.filter((line) => {
    const n = counts.get(line.toString('hex')) ?? 0;
    counts.set(line.toString('hex'), n - 1);
    return n <= 0;
  });
}

async function snapshot(dir: string): Promise<Record<string, Buffer>> {
  const names = Object.keys(FILES);
  const contents = await Promise.all(names.map((n) => readFile(join(dir, n))));
  return Object.fromEntries(names.map((n, i) => [n, contents[i]!]));
}

const testbed = useTestbed();
let folder = '';
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mailwiz-bytes-'));
});

const places: [string, () => { dir: string; server: MailServer }][] = [
  ['a config folder (-p)', () => ({ dir: folder, server: mailServer(new ConfigFolderTarget(folder), folder) })],
  ['a running container (-c)', () => ({ dir: testbed().configDir, server: mailServer(testbed().target) })],
];

describe.each(places)('in %s', (_label, place) => {
  it('50 mixed edits change only their own lines; Latin-1, damaged, CRLF and UTF-8 lines stay byte for byte', async () => {
    const { dir, server } = place();
    for (const [name, entries] of Object.entries(FILES)) {
      const content = Buffer.concat([...FOREIGN_LINES, ...entries.map((e) => Buffer.from(e))].flatMap((l) => [l, Buffer.from('\n')]));
      await writeFile(join(dir, name), content);
    }
    let before = await snapshot(dir);
    for (const [args, key] of edits(50)) {
      const result = await setupInProcess(server, args);
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      const after = await snapshot(dir);
      for (const name of Object.keys(FILES)) {
        const removed = missing(lines(before[name]!), lines(after[name]!));
        const added = missing(lines(after[name]!), lines(before[name]!));
        const foreign = [...removed, ...added].filter((l) => !l.includes(key));
        expect(foreign.map((l) => l.toString('latin1')), `${args.join(' ')} changed other lines of ${name}`).toEqual([]);
      }
      before = after;
    }
    for (const [name, content] of Object.entries(before)) {
      const kept = lines(content);
      for (const line of FOREIGN_LINES) expect(kept.some((l) => l.equals(line)), `${name} keeps ${line.toString('hex')}`).toBe(true);
      expect(content.at(-1), `${name} ends with a newline`).toBe(0x0a);
    }
  }, 300_000);
});
