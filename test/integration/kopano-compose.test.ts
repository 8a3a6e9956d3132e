import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kopanoAccounts } from '../../src/services/kopano-accounts.js';
import { mailServer } from '../../src/services/mail-server.js';
import { discoverStacks } from '../../src/stacks/discover.js';
import { memberFor, type Stack } from '../../src/stacks/stack.js';
import { renderConsole } from '../support/console-render.js';
import { eventually } from '../support/eventually.js';
import { AUTH_IMAGE, APP_IMAGE, DB_IMAGE, MTA_IMAGE, startKopanoCompose, type KopanoCompose } from '../support/kopano-stand-in.js';
import { sendMail } from '../support/mail-clients.js';
import { runCli } from '../support/run-cli.js';
import { trySend } from '../support/smtp-outcome.js';
import { requireEnvironment } from '../support/testbed.js';

/**
 * mlan's 4-service Kopano compose example (app, mta, db, auth), started with Debian's docker-compose from a file the
 * test writes, on stand-ins with the real images' names: a real MariaDB as `db`, a real OpenLDAP with a Kopano test
 * schema as `auth`, a real Postfix (+Amavis) as `mta` that asks `auth` for every recipient, and the delivery sink as
 * `app` (no Kopano binary can be had here; see test/stand-ins/README.md). One project for the whole file.
 */

let kopano: KopanoCompose;

beforeAll(async () => {
  requireEnvironment();
  kopano = await startKopanoCompose();
}, 600_000);

afterAll(async () => {
  await kopano?.remove();
});

interface StackJson {
  name: string;
  kind: string;
  up: boolean;
  members: { name: string; role: string; image: string; state: string }[];
}

describe('the Kopano compose project on stand-ins', () => {
  it('mailwiz status --json: one kopano stack, four members, mta/groupware/database/directory all running', async () => {
    const all = await runCli(['--json', 'status']);
    expect(all.exitCode === 0 || all.exitCode === 1, all.stderr).toBe(true);
    const stacks = (JSON.parse(all.stdout) as StackJson[]).filter((s) => s.name === kopano.project);
    expect(stacks).toHaveLength(1);
    const [stack] = stacks;
    expect(stack).toMatchObject({ name: kopano.project, kind: 'kopano', up: true });
    const { app, mta, db, auth } = kopano.containers;
    expect(stack?.members.map((m) => `${m.role} ${m.name} ${m.image} ${m.state}`).sort()).toEqual(
      [
        `mta ${mta} ${MTA_IMAGE} running`,
        `groupware ${app} ${APP_IMAGE} running`,
        `database ${db} ${DB_IMAGE} running`,
        `directory ${auth} ${AUTH_IMAGE} running`,
      ].sort(),
    );

    const one = await runCli(['--stack', kopano.project, '--json', 'status']);
    expect(one.exitCode, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as StackJson).members).toHaveLength(4);
  });

  it('the directory holds the seeded Kopano users; the root DN binds with its password', async () => {
    const auth = kopano.target('auth');
    // Inside the container the client tools reach slapd over ldapi:/// as root (SASL EXTERNAL), as in mlan's image.
    const users = await auth.exec(['ldapsearch', '-QLLL', '(objectClass=kopano-user)', 'uid']);
    expect(users.exitCode, users.stderr).toBe(0);
    expect([...users.stdout.matchAll(/^uid: (\S+)$/gm)].map((m) => m[1]).sort()).toEqual(['jane', 'john', 'shared']);

    const jane = await auth.exec(['ldapsearch', '-QLLL', '(uid=jane)']);
    expect(jane.stdout).toMatch(/^objectClass: kopano-user$/m);
    for (const line of ['kopanoAccount: 1', 'kopanoAdmin: 1', 'kopanoAliases: info@example.test', 'kopanoQuotaOverride: 1', 'kopanoQuotaHard: 1000', 'kopanoEnabledFeatures: imap']) {
      expect(jane.stdout.split('\n')).toContain(line);
    }
    const shared = await auth.exec(['ldapsearch', '-QLLL', '(uid=shared)', 'kopanoSharedStoreOnly', 'kopanoHidden']);
    expect(shared.stdout).toMatch(/^kopanoSharedStoreOnly: 1$/m);
    expect(shared.stdout).toMatch(/^kopanoHidden: 1$/m);

    // Postfix's query, anonymously over the network port, finds Kopano users only.
    const query = (mail: string) =>
      auth.exec(['sh', '-c', `ldapsearch -x -H ldap://127.0.0.1:389/ -LLL -b "ou=users,$LDAPBASE" "(&(objectclass=kopano-user)(mail=${mail}))" mail`]);
    expect((await query('john@example.test')).stdout).toMatch(/^mail: john@example\.test$/m);
    expect((await query('outsider@example.test')).stdout.trim()).toBe('');

    // The root DN of LDAPBASE/LDAPROOT_CN binds with LDAPROOT_PW (read from a file, not argv).
    const whoami = await auth.exec(['sh', '-c', 'printf %s "$LDAPROOT_PW" > /tmp/pw && ldapwhoami -x -H ldap://127.0.0.1:389/ -D "cn=$LDAPROOT_CN,$LDAPBASE" -y /tmp/pw; rc=$?; rm -f /tmp/pw; exit $rc']);
    expect(whoami.exitCode, whoami.stderr).toBe(0);
    expect(whoami.stdout.trim()).toBe(`dn:cn=admin,${kopano.ldapBase}`);
  });

  it('Postfix delivers mail for a directory user to the sink and rejects recipients the directory does not know', async () => {
    await sendMail(kopano.smtpPort, { from: 'sender@example.net', to: 'jane@example.test', subject: 'to a directory user' });
    expect(await eventually(async () => (await kopano.delivered()).length === 1, 90_000), 'the sink stored the message').toBe(true);
    const [file] = await kopano.delivered();
    const stored = await kopano.target('app').exec(['cat', `/var/lib/delivery-sink/${file}`]);
    expect(stored.stdout).toMatch(/^X-Sink-Recipients: <jane@example\.test>/m);
    expect(stored.stdout).toMatch(/^Subject: to a directory user/m);

    for (const unknown of ['nobody@example.test', 'outsider@example.test']) {
      const outcome = await trySend({ port: kopano.smtpPort, from: 'sender@example.net', to: unknown });
      expect(outcome, unknown).toMatchObject({ accepted: false, code: 550 });
      if (!outcome.accepted) expect(outcome.response).toMatch(/5\.1\.1 .*User unknown in virtual mailbox table/);
    }
    // Nothing more reached the sink.
    expect(await kopano.delivered()).toHaveLength(1);
  }, 180_000);

  it('MariaDB answers to MYSQL_USER with MYSQL_PASSWORD on MYSQL_DATABASE, and refuses a wrong password', async () => {
    const db = kopano.target('db');
    const sql = 'CREATE TABLE IF NOT EXISTS probe (id INT PRIMARY KEY); REPLACE INTO probe VALUES (7); SELECT CURRENT_USER(), DATABASE(), id FROM probe;';
    const asUser = await db.exec(['sh', '-c', 'MYSQL_PWD="$MYSQL_PASSWORD" mariadb -h 127.0.0.1 -u "$MYSQL_USER" -N -B "$MYSQL_DATABASE"'], { stdin: sql });
    expect(asUser.exitCode, asUser.stderr).toBe(0);
    expect(asUser.stdout.trim()).toBe('kopano@%\tkopano\t7');

    const wrong = await db.exec(['sh', '-c', 'MYSQL_PWD=wrong mariadb -h 127.0.0.1 -u "$MYSQL_USER" -e "SELECT 1"']);
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toMatch(/Access denied for user 'kopano'/);

    // The groupware's side of the network: `db` on 3306 greets as MariaDB (the sink has no SQL client; the greeting
    // is enough to show the name and port the app's MYSQL_HOST points at).
    const greeting = await kopano.target('app').exec(['python3', '-c', 'import socket; s = socket.create_connection(("db", 3306), 5); print(s.recv(256)[5:60]); s.close()']);
    expect(greeting.exitCode, greeting.stderr).toBe(0);
    expect(greeting.stdout).toMatch(/MariaDB/);
  });

  it('Accounts: Kopano\'s users read as Kopano reads them (its bind DN, filter and quota multiplier), read-only', async () => {
    const stack = await composeStack();
    const listing = await kopanoAccounts(stack);
    expect(listing).toMatchObject({ plugin: 'ldap', writable: false });
    expect(listing.source).toBe(
      `LDAP ldap://auth:389/ ${kopano.ldapBase} (&(objectClass=kopano-user)(kopanoAccount=1)) (environment; read via ${kopano.containers.auth})`,
    );
    // outsider is in the directory but no Kopano user; shared is a shared store, hidden from the address book.
    expect(listing.accounts.map((a) => a.login)).toEqual(['jane', 'john', 'shared']);
    const [jane, john, shared] = listing.accounts;
    expect(jane).toMatchObject({
      email: 'jane@example.test',
      admin: true,
      aliases: ['info@example.test'],
      quota: { warn: 900 * 1024 * 1024, soft: 950 * 1024 * 1024, hard: 1000 * 1024 * 1024 },
      features: { enabled: ['imap', 'pop3'], disabled: [] },
    });
    expect(john).toMatchObject({ fullname: 'Jöhn Smith', admin: false, features: { enabled: [], disabled: ['pop3'] } });
    expect(john?.quota).toBeUndefined();
    expect(shared).toMatchObject({ sharedStore: true, hidden: true });
  });

  it('Accounts: a bind password the directory refuses is said in one line, without the password', async () => {
    const stack = await composeStack();
    const groupware = memberFor(stack, 'groupware')!;
    const wrong: Stack = { ...stack, members: stack.members.map((m) => (m === groupware ? { ...m, info: { ...m.info, env: { ...m.info.env, LDAP_BIND_PASSWD: 'not-the-password' } } } : m)) };
    const error = await kopanoAccounts(wrong).then(() => undefined, (e: Error) => e);
    expect(error?.message).toBe(`The directory refused Kopano's bind DN cn=admin,${kopano.ldapBase}: invalid credentials.`);
  });

  it('the console lists the users on Accounts, with the selected one\'s aliases, and refuses changes with the reason', async () => {
    const stack = await composeStack();
    const ui = await renderConsole(mailServer(memberFor(stack, 'mta')!.target), { stack });
    try {
      await ui.waitFor(/3 of 3 Kopano users · read-only here \(kept in LDAP\)/, 60_000);
      const frame = await ui.waitFor(/jane +jane@example\.test +1000M +1 alias +admin/);
      expect(frame).toMatch(/john +john@example\.test +default +0 aliases +Jöhn Smith/);
      expect(frame).toMatch(/shared +shared@example\.test .*shared store, hidden/);
      expect(frame).toMatch(/jane: aliases info@example\.test/);
      await ui.press('a');
      await ui.waitFor(/Kopano keeps these users in its LDAP directory: change them there\./);
      expect(ui.audit).toEqual([]);
    } finally {
      await ui.unmount();
    }
  });
});

async function composeStack(): Promise<Stack> {
  const stack = (await discoverStacks(new Docker())).find((s) => s.name === kopano.project);
  if (!stack) throw new Error(`stack ${kopano.project} not found`);
  return stack;
}
