import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EximCommand } from '../../src/formats/exim/exim-command.js';
import { applyEximAction, locateExim, readEximMessage, readEximQueue, runEximQueue } from '../../src/services/exim-queue.js';
import { EXIM, startEximStandIn, type EximStandIn } from '../support/exim-stand-in.js';

/**
 * The Exim queue backend against a real Exim (the exim stand-in, at docker-dovecot's paths): found from its running
 * daemon, listed with every waiting recipient's reason in one call, and each action checked in Exim's own listing.
 */

let exim: EximStandIn;
let command: EximCommand;
const ids: Record<string, string> = {};

const listing = async () => (await exim.target.exec([...EXIM, '-bp'])).stdout;

beforeAll(async () => {
  exim = await startEximStandIn();
  command = await locateExim(exim.target);
  ids.deferred = await exim.submit('alice@example.test', ['bob@remote.test', 'carol@remote.test'], 'deferred');
  ids.frozen = await exim.submit('', ['dave@frozen.test'], 'frozen bounce');
  ids.half = await exim.submit('alice@example.test', ['erin@example.test', 'frank@remote.test'], 'half delivered');
  await exim.runQueue();
  ids.fresh = await exim.submit('alice@example.test', ['gina@remote.test'], 'not tried yet', 'first body line\r\nsecond');
}, 180_000);

afterAll(async () => {
  await exim?.remove();
});

describe('the Exim queue', () => {
  it("is found from the running daemon's command line", () => {
    expect(command).toEqual({ binary: '/usr/exim/bin/exim', config: '/etc/exim/config.d/exim.conf', source: 'daemon' });
  });

  it('lists every message with its state and each waiting recipient with its reason, in one call', async () => {
    const snapshot = await readEximQueue(exim.target, command);
    const byId = Object.fromEntries(snapshot.messages.map((m) => [m.queueId, m]));
    expect(Object.keys(byId).sort()).toEqual(Object.values(ids).sort());
    expect(byId[ids.deferred!]).toMatchObject({
      queueName: 'deferred',
      sender: 'alice@example.test',
      recipients: [
        { address: 'bob@remote.test', delayReason: 'Connection refused' },
        { address: 'carol@remote.test', delayReason: 'Connection refused' },
      ],
    });
    expect(byId[ids.frozen!]).toMatchObject({ queueName: 'hold', sender: 'MAILER-DAEMON', recipients: [{ delayReason: 'remote host address is the local host' }] });
    expect(byId[ids.half!]?.recipients.map((r) => r.address)).toEqual(['frank@remote.test']);
    expect(byId[ids.fresh!]).toMatchObject({ queueName: 'incoming', recipients: [{ address: 'gina@remote.test', delayReason: undefined }] });
    expect(snapshot.malformed).toEqual([]);
  });

  it('shows the headers and the start of the body of one message', async () => {
    const text = await readEximMessage(exim.target, command, ids.fresh!);
    expect(text.headers).toContain('Subject: not tried yet');
    expect(text.headers.some((h) => /^\d{3}/.test(h))).toBe(false);
    expect(text.body.slice(0, 2)).toEqual(['first body line', 'second']);
  });

  it('freezes and thaws, as Exim then lists it', async () => {
    expect((await applyEximAction(exim.target, command, 'freeze', [ids.fresh!])).affected).toBe(1);
    expect(await listing()).toMatch(new RegExp(`${ids.fresh} <alice@example.test> \\*\\*\\* frozen \\*\\*\\*`));
    expect((await applyEximAction(exim.target, command, 'thaw', [ids.fresh!])).affected).toBe(1);
    expect(await listing()).toMatch(new RegExp(`${ids.fresh} <alice@example.test>\\n`));
  });

  it('gives up on a message: Exim bounces it to its sender, and the original leaves the queue', async () => {
    const result = await applyEximAction(exim.target, command, 'bounce', [ids.deferred!]);
    expect(result).toMatchObject({ requested: 1, affected: 1 });
    const after = await listing();
    expect(after).not.toContain(ids.deferred!);
    const main = (await exim.target.exec(['cat', '/var/log/exim/main.log'])).stdout;
    expect(main).toContain(`${ids.deferred} cancelled by root`);
    expect(main).toMatch(new RegExp(`<= <> R=${ids.deferred} .*T="Mail delivery failed: returning message to sender" for alice@example.test`));
  });

  it('removes messages, several in one call, and refuses an ID that is not Exim\'s before running anything', async () => {
    await expect(applyEximAction(exim.target, command, 'remove', [ids.half!, '-qff'])).rejects.toThrow("'-qff' is not an Exim message ID.");
    expect(await listing()).toContain(ids.half!);
    const result = await applyEximAction(exim.target, command, 'remove', [ids.half!, ids.frozen!]);
    expect(result).toMatchObject({ requested: 2, affected: 2 });
    const after = await listing();
    expect(after).not.toContain(ids.half!);
    expect(after).not.toContain(ids.frozen!);
  });

  it('delivers now and runs the queue: each attempt is logged again', async () => {
    const attempts = async () => ((await exim.target.exec(['cat', '/var/log/exim/main.log'])).stdout.match(new RegExp(`${ids.fresh} == gina@remote.test`, 'g')) ?? []).length;
    const before = await attempts();
    await applyEximAction(exim.target, command, 'deliver', [ids.fresh!]);
    expect(await attempts()).toBe(before + 1);
    await runEximQueue(exim.target, command);
    expect(await attempts()).toBe(before + 2);
  });
});
