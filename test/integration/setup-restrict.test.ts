import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { expectRefused, setupCli } from '../support/setup-cli.js';
import { trySend, type SmtpOutcome } from '../support/smtp-outcome.js';
import { TEST_DOMAIN, useTestbed } from '../support/testbed.js';

const sender = `sender@${TEST_DOMAIN}`;
const other = `other@${TEST_DOMAIN}`;
const password = 'restrict-pass';
const testbed = useTestbed({
  accounts: [
    { address: sender, password },
    { address: other, password },
  ],
});
const setup = setupCli(testbed);

const submit = (from: string): Promise<SmtpOutcome> =>
  trySend({ port: testbed().port(587), from, to: other, auth: { user: from, pass: password } });
const deliver = (to: string): Promise<SmtpOutcome> => trySend({ port: testbed().port(25), from: `someone@${TEST_DOMAIN}`, to });
const refused = (reason: RegExp) => (outcome: SmtpOutcome) => !outcome.accepted && outcome.code === 554 && reason.test(outcome.response);
const accepted = (outcome: SmtpOutcome) => outcome.accepted;

const accessFile = (name: string): Promise<string> => readFile(join(testbed().configDir, name), 'utf8');
const postconf = async (parameter: string): Promise<string> =>
  (await testbed().target.exec(['postconf', '-h', parameter])).stdout.trim();

describe('setup email restrict', () => {
  it('send: a restricted sender is refused on the submission port after AUTH; del lets it send again', async () => {
    // Right after start-up Postfix may still be coming up: wait until the sender gets through.
    expect(await eventually(async () => accepted(await submit(sender)), 15_000)).toBe(true);

    const added = await setup(['email', 'restrict', 'add', 'send', sender]);
    expect(added).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await accessFile('postfix-send-access.cf')).toBe(`${sender} \t\t REJECT\n`);
    const senderRefused = refused(/Sender address rejected: Access denied/);
    expect(await eventually(async () => senderRefused(await submit(sender)), 15_000)).toBe(true);
    expect(await submit(other)).toEqual({ accepted: true });

    const deleted = await setup(['email', 'restrict', 'del', 'send', sender]);
    expect(deleted).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await accessFile('postfix-send-access.cf')).toBe('');
    expect(await eventually(async () => accepted(await submit(sender)), 15_000)).toBe(true);
  });

  it('receive: mail to a restricted recipient is refused on port 25, other recipients still get mail', async () => {
    const added = await setup(['email', 'restrict', 'add', 'receive', other]);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(await accessFile('postfix-receive-access.cf')).toBe(`${other} \t\t REJECT\n`);
    const recipientRefused = refused(/Recipient address rejected: Access denied/);
    expect(await eventually(async () => recipientRefused(await deliver(other)), 15_000)).toBe(true);
    expect(await deliver(sender)).toEqual({ accepted: true });

    await setup(['email', 'restrict', 'del', 'receive', other]);
    expect(await eventually(async () => accepted(await deliver(other)), 15_000)).toBe(true);
  });

  it('wires each check into Postfix once, in front of the list the submission ports use too', async () => {
    await setup(['email', 'restrict', 'add', 'send', `a@${TEST_DOMAIN}`]);
    await setup(['email', 'restrict', 'add', 'send', `b@${TEST_DOMAIN}`]);
    const check = 'check_sender_access texthash:/tmp/docker-mailserver/postfix-send-access.cf';
    const senderList = await postconf('dms_smtpd_sender_restrictions');
    expect(senderList.startsWith(`${check}, permit_sasl_authenticated`), senderList).toBe(true);
    expect(senderList.split(check)).toHaveLength(2);
    expect(await postconf('smtpd_sender_restrictions')).toBe('$dms_smtpd_sender_restrictions');
    const recipientList = await postconf('smtpd_recipient_restrictions');
    expect(recipientList.split('check_recipient_access texthash:/tmp/docker-mailserver/postfix-receive-access.cf')).toHaveLength(2);
  });

  it('list: the restricted addresses as DMS prints them, or as JSON; nobody restricted is said on stderr', async () => {
    const list = await setup(['email', 'restrict', 'list', 'send']);
    expect(list).toMatchObject({ exitCode: 0, stdout: `a@${TEST_DOMAIN} \t\t REJECT\nb@${TEST_DOMAIN} \t\t REJECT\n` });
    const json = await setup(['email', 'restrict', 'list', 'send', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      { address: `a@${TEST_DOMAIN}`, action: 'REJECT' },
      { address: `b@${TEST_DOMAIN}`, action: 'REJECT' },
    ]);
    const none = await setup(['email', 'restrict', 'list', 'RECEIVE']);
    expect(none).toMatchObject({ exitCode: 0, stdout: '' });
    expect(none.stderr).toMatch(/INFO {2}restrict-access: Everyone is allowed to receive mails\n$/);
  });

  it('asks for the address when it is missing, as DMS does', async () => {
    const added = await setup(['email', 'restrict', 'add', 'send'], `c@${TEST_DOMAIN}\n`);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(await accessFile('postfix-send-access.cf')).toContain(`c@${TEST_DOMAIN} \t\t REJECT\n`);
  });

  it('refuses invalid input with one error line and no file change', async () => {
    const tb = testbed();
    await expectRefused(tb, () => setup(['email', 'restrict', 'add', 'send', `a@${TEST_DOMAIN}`]), /User 'a@example\.test' already denied to send mails$/);
    await expectRefused(tb, () => setup(['email', 'restrict', 'add', 'send', 'not an address']), /'not an address' contains white space/);
    await expectRefused(tb, () => setup(['email', 'restrict', 'add', 'receive', 'nobody']), /'nobody' should include the domain/);
    await expectRefused(tb, () => setup(['email', 'restrict', 'add', 'send'], ''), /User must not be empty$/);
    const direction = await expectRefused(tb, () => setup(['email', 'restrict', 'add', 'sideways', 'x@y.z']), /Unknown or missing second parameter 'sideways' - specify 'send' or 'receive'$/);
    expect(direction.stderr).toMatch(/INFO {2}restrict-access: Usage: /);
    await expectRefused(tb, () => setup(['email', 'restrict', 'block', 'send', 'x@y.z']), /Unknown or missing command 'block' - specify 'add', 'del' or 'list'$/);
    await expectRefused(tb, () => setup(['email', 'restrict', 'help']), /Unknown or missing second parameter ''/);
  });
});
