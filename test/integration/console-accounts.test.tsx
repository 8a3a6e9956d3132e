import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountsOverview, type AccountsOverview } from '../../src/services/accounts-overview.js';
import { listAliases } from '../../src/services/aliases.js';
import { listQuotas } from '../../src/services/quotas.js';
import { mailServer } from '../../src/services/mail-server.js';
import { inAct, KEYS, renderConsole, type ConsoleHarness } from '../support/console-render.js';
import { eventually } from '../support/eventually.js';
import { imapLogin } from '../support/mail-clients.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

const ALICE = `alice@${TEST_DOMAIN}`;
const BOB = `bob@${TEST_DOMAIN}`;
const CAROL = `carol@${TEST_DOMAIN}`;

const testbed = useTestbed({
  accounts: [
    { address: ALICE, password: 'alice-pass', quota: '10M' },
    { address: BOB, password: 'bob-pass' },
  ],
  aliases: { [`info@${TEST_DOMAIN}`]: [ALICE] },
});
const server = (): ReturnType<typeof mailServer> => mailServer(testbed().target);

let ui: ConsoleHarness | undefined;
afterEach(async () => {
  await ui?.unmount();
  ui = undefined;
});

async function open(options: { readOnly?: boolean } = {}): Promise<ConsoleHarness> {
  ui = await renderConsole(server(), options);
  await ui.waitFor(/of \d+ accounts · sorted by name/);
  return ui;
}

/** The account rows of the frame, in order (lines that hold an address of the test domain). */
function accountLines(frame: string): string[] {
  return frame.split('\n').filter((line) => /^[✓…] \S+@/.test(line));
}

/** Selects an account by moving the cursor with ↓ from the top (the frame marks the selected row as inverse only). */
async function select(console: ConsoleHarness, address: string): Promise<void> {
  const index = accountLines(console.frame()).findIndex((line) => line.includes(`${address} `));
  expect(index, console.frame()).toBeGreaterThanOrEqual(0);
  await console.press('g', ...Array.from({ length: index }, () => KEYS.down));
}

async function clearField(console: ConsoleHarness, length: number): Promise<void> {
  await console.press(...Array.from({ length }, () => KEYS.backspace));
}

describe('Accounts screen', () => {
  it('lists every account with live state, quota use and alias count', async () => {
    const console = await open();
    const frame = await console.waitFor(/2 of 2 accounts/);
    const [alice, bob] = accountLines(frame);
    expect(alice).toMatch(/^✓ alice@example\.test\s+\S+ .* \/ 10M\s+1 alias\b/);
    expect(bob).toMatch(/^✓ bob@example\.test\s+.*0 aliases/);
  });

  it('hands over the rows from the files first, then the same rows with quota use and liveness', async () => {
    const early: AccountsOverview[] = [];
    const final = await accountsOverview(server(), (overview) => early.push(overview));
    expect(early).toHaveLength(1);
    expect(early[0]?.complete).toBe(false);
    expect(early[0]?.rows.map((r) => r.address)).toEqual(final.rows.map((r) => r.address));
    expect(early[0]?.rows.every((r) => r.usage === undefined && r.live === undefined)).toBe(true);
    expect(final.complete).toBe(true);
    const alice = final.rows.find((r) => r.address === ALICE);
    expect(alice?.live).toBe(true);
    expect(alice?.usage?.limitKiB).toBe(10 * 1024);
  });

  it('sorts by name, usage and domain with s; / filters by address or alias', async () => {
    const console = await open();
    await console.press('s');
    await console.waitFor(/sorted by usage/);
    await console.press('s');
    await console.waitFor(/sorted by domain/);
    await console.press('s');
    await console.waitFor(/sorted by name/);
    await console.press('/', 'info', KEYS.enter);
    const filtered = await console.waitFor(/1 of 2 accounts/);
    expect(accountLines(filtered)).toEqual([expect.stringContaining(ALICE)]);
    await console.press(KEYS.esc);
    await console.waitFor(/2 of 2 accounts/);
  });

  it('a: adds an account after checking every field, and shows it turn live', async () => {
    const console = await open();
    await console.press('a');
    await console.waitFor(/New account/);
    await console.enter('carol');
    await console.waitFor(/'carol' should include the domain \(eg: user@example\.com\)/);
    await clearField(console, 5);
    await console.enter(ALICE);
    await console.waitFor(/'alice@example\.test' already exists/);
    await clearField(console, ALICE.length);
    await console.enter(CAROL);
    await console.waitFor(/Password: /);
    await console.enter('');
    await console.waitFor(/Password must not be empty/);
    await console.enter('carol-pass');
    await console.enter('carol-typo');
    await console.waitFor(/The two passwords differ; type it again\./);
    await clearField(console, 10);
    await console.enter('carol-pass');
    await console.waitFor(/Quota \(optional\)/);
    await console.enter('12X');
    await console.waitFor(/Invalid quota format '12X'/);
    await clearField(console, 3);
    await console.enter('20M');
    await console.waitFor(/add account carol@example\.test: done \(it turns live when the server applies it/);
    expect(console.audit).toContainEqual({ action: 'add account', target: CAROL, result: 'ok', detail: expect.stringContaining('turns live') });

    const live = await console.waitFor((f) => accountLines(f).some((l) => /^✓ carol@example\.test .*\/ 20M/.test(l)), 30_000);
    expect(live).toMatch(/3 of 3 accounts/);
    expect(await inAct(() => imapLogin(testbed().port(143), CAROL, 'carol-pass'))).toBe(true);
  });

  it('p: changes the password (typed twice, masked); the new one logs in over IMAP', async () => {
    const console = await open();
    await select(console, BOB);
    await console.press('p');
    await console.waitFor(/New password for bob@example\.test/);
    await console.press('bob-new-pass');
    expect(console.frame()).toContain(`Password: ${'•'.repeat(12)}`);
    expect(console.frame()).not.toContain('bob-new-pass');
    await console.press(KEYS.enter);
    await console.enter('bob-new-pass');
    await console.waitFor(/change password bob@example\.test: done/);
    expect(await inAct(() => eventually(() => imapLogin(testbed().port(143), BOB, 'bob-new-pass'), 20_000))).toBe(true);
    expect(await inAct(() => imapLogin(testbed().port(143), BOB, 'bob-pass'))).toBe(false);
  });

  it('u: sets, then removes a quota', async () => {
    const console = await open();
    await select(console, BOB);
    await console.press('u');
    await console.waitFor(/Quota of bob@example\.test/);
    await console.enter('5M');
    await console.waitFor(/set quota 5M bob@example\.test: done/);
    expect((await inAct(() => listQuotas(server()))).find((q) => q.address === BOB)).toMatchObject({ limit: '5M' });
    await console.waitFor((f) => accountLines(f).some((l) => l.includes(BOB) && /\/ 5(\.0)?M /.test(l)), 20_000);

    await console.press('u');
    await console.waitFor(/Quota: 5M/);
    await clearField(console, 2);
    await console.enter('');
    await console.waitFor(/remove quota bob@example\.test: done/);
    expect((await inAct(() => listQuotas(server()))).find((q) => q.address === BOB)).toBeUndefined();
  });

  it('l: adds an alias to the account and removes it again, after a confirmation that names both', async () => {
    const console = await open();
    await select(console, BOB);
    await console.press('l');
    await console.waitFor(/Aliases delivering to bob@example\.test/);
    await console.waitFor(/No alias delivers here yet\./);
    expect(console.frame()).toMatch(/a add an alias · d remove the alias here · Esc\/q back to the accounts · \? all keys/);
    await console.press('?');
    await console.waitFor(/↑\/k\s+move up/);
    await console.press('?');
    await console.waitFor((f) => !/↑\/k\s+move up/.test(f));
    await console.press('a');
    await console.enter('not an alias');
    await console.waitFor(/contains white space or control characters/);
    await clearField(console, 12);
    await console.enter(`sales@${TEST_DOMAIN}`);
    await console.waitFor(/add alias sales@example\.test → bob@example\.test: done/);
    await console.waitFor(/^sales@example\.test$/m);
    expect(await inAct(() => listAliases(server()))).toContainEqual({ alias: `sales@${TEST_DOMAIN}`, targets: [BOB] });

    await console.press('d');
    await console.waitFor(/Stop delivering sales@example\.test to bob@example\.test\?/);
    expect(console.frame()).toContain('It has no other target, so the alias goes.');
    await console.press('y');
    await console.waitFor(/remove alias sales@example\.test → bob@example\.test: done/);
    await console.waitFor(/No alias delivers here yet\./);
    expect((await inAct(() => listAliases(server()))).map((a) => a.alias)).not.toContain(`sales@${TEST_DOMAIN}`);
    await console.press(KEYS.esc);
    await console.waitFor(/of \d+ accounts/);
  });

  it('d: asks twice (the account, then its mailbox); n at the first question keeps everything', async () => {
    const console = await open();
    await select(console, ALICE);
    await console.press('d');
    await console.waitFor(/Delete the account alice@example\.test\?/);
    expect(console.frame()).toContain('Its 1 alias target(s) and its quota go too.');
    await console.press('n');
    await console.waitFor(/of \d+ accounts/);
    expect(console.frame()).toContain(ALICE);

    await console.press('d');
    await console.waitFor(/Delete the account alice@example\.test\?/);
    await console.press('y');
    await console.waitFor(/Also delete the mailbox of alice@example\.test \(all its mail\)\?/);
    await console.press('y');
    await console.waitFor(/delete account alice@example\.test: done \(mailbox deleted\)/);
    await console.waitFor((f) => !f.includes(`${ALICE} `));
    expect(console.audit.at(-1)).toEqual({ action: 'delete account', target: ALICE, result: 'ok', detail: 'mailbox deleted' });
    expect((await inAct(() => listAliases(server()))).map((a) => a.alias)).not.toContain(`info@${TEST_DOMAIN}`);
  });

  it('--read-only: shows everything, changes nothing, and says why', async () => {
    const console = await open({ readOnly: true });
    expect(console.frame()).toContain('[read-only]');
    expect(console.frame()).toContain('Read-only mode: actions that change the server are off.');
    expect(console.frame().split('\n').at(-1)).not.toMatch(/add an account/);
    for (const key of ['a', 'I', 'p', 'u', 'd', 'S']) {
      await console.press(key);
      await console.waitFor(/Read-only mode: this would change the server\./);
      expect(console.frame()).not.toMatch(/New account|Add accounts from a file|New password|Quota of|Delete the account|Refuse sending/);
    }
    await console.press('l');
    await console.waitFor(/Aliases delivering to/);
    await console.press('a');
    await console.waitFor(/Read-only mode: this would change the server\./);
    expect(console.frame()).not.toContain('New alias');
    expect(console.audit).toEqual([]);
  });

  it('I: adds the accounts, aliases or quotas of a file in one change; a file with a bad line adds none and says which line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailwiz-import-'));
    const good = join(dir, 'good.txt');
    const bad = join(dir, 'bad.txt');
    const aliases = join(dir, 'aliases.txt');
    const quotas = join(dir, 'quotas.txt');
    await writeFile(good, `imp1@${TEST_DOMAIN} first pass\nimp2@${TEST_DOMAIN} second pass\n`, { mode: 0o600 });
    await writeFile(bad, `imp3@${TEST_DOMAIN} third\nnot-an-address fourth\n`, { mode: 0o600 });
    await writeFile(aliases, `# the team\nteam@${TEST_DOMAIN} imp1@${TEST_DOMAIN}\nteam@${TEST_DOMAIN} imp2@${TEST_DOMAIN}\n`);
    await writeFile(quotas, `imp1@${TEST_DOMAIN} 50M\nnobody@${TEST_DOMAIN} 10M\n`);
    const console = await open();
    /** I, the kind of file picked from the list, then its path. */
    const importFile = async (kind: 'accounts' | 'aliases' | 'quotas', path: string): Promise<void> => {
      await console.press('I');
      await console.waitFor(/what does it hold\?/);
      for (let i = 0; i < ['accounts', 'aliases', 'quotas'].indexOf(kind); i++) await console.press(KEYS.down);
      await console.press(KEYS.enter);
      await console.waitFor(new RegExp(`Add ${kind} from a file on this machine`));
      await console.enter(path);
      await console.waitFor(() => console.audit.some((r) => r.target === path));
    };
    await console.press('I');
    const asked = await console.waitFor(/what does it hold\?/);
    expect(asked).toMatch(/› Accounts — address password, one per line/);
    expect(asked).toMatch(/Quotas — address quota/);
    await console.press(KEYS.esc);
    await console.waitFor(/\d+ of \d+ accounts/);
    expect(console.audit).toEqual([]);
    await console.press('I');
    await console.waitFor(/what does it hold\?/);
    await console.press(KEYS.enter);
    await console.waitFor(/Add accounts from a file on this machine/);
    await console.enter(join(dir, 'absent.txt'));
    await console.waitFor(/There is no file .*absent\.txt here\./);
    await console.press(KEYS.esc);

    await importFile('accounts', bad);
    expect(console.audit.at(-1)).toEqual({ action: 'import accounts', target: bad, result: 'failed', detail: expect.stringMatching(/^Nothing was added: line 2: /) });
    await importFile('accounts', good);
    expect(console.audit.at(-1)).toEqual({ action: 'import accounts', target: good, result: 'ok', detail: expect.stringMatching(/^2 accounts added/) });
    await console.waitFor((f) => accountLines(f).some((l) => l.includes(`imp2@${TEST_DOMAIN}`)), 30_000);
    const accounts = await inAct(() => readFile(join(testbed().configDir, 'postfix-accounts.cf'), 'utf8'));
    expect(accounts).not.toContain('imp3@');
    expect(await inAct(() => eventually(() => imapLogin(testbed().port(143), `imp2@${TEST_DOMAIN}`, 'second pass'), 30_000))).toBe(true);

    await importFile('aliases', aliases);
    expect(console.audit.at(-1)).toEqual({ action: 'import aliases', target: aliases, result: 'ok', detail: '2 alias lines added' });
    expect(await inAct(() => listAliases(server()))).toContainEqual({ alias: `team@${TEST_DOMAIN}`, targets: [`imp1@${TEST_DOMAIN}`, `imp2@${TEST_DOMAIN}`] });
    await importFile('quotas', quotas);
    expect(console.audit.at(-1)).toEqual({ action: 'import quotas', target: quotas, result: 'failed', detail: expect.stringMatching(/line 2: 'nobody@example\.test' does not exist/) });
    const quotaFile = await inAct(() => readFile(join(testbed().configDir, 'dovecot-quotas.cf'), 'utf8').catch(() => ''));
    expect(quotaFile).not.toContain(`imp1@${TEST_DOMAIN}`);
  });
});
