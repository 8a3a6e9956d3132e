import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailServer } from '../../src/services/mail-server.js';
import type { Stack, StackMember } from '../../src/stacks/stack.js';
import { EXIM, startEximStandIn, type EximStandIn } from '../support/exim-stand-in.js';
import { KEYS, renderConsole, screenKey, type ConsoleHarness } from '../support/console-render.js';

/**
 * The console on a docker-dovecot stack with two real Exim instances (the exim stand-in): one queue list
 * with the instance of each message, and each action done by the Exim that holds the message.
 */

let ext: EximStandIn;
let int: EximStandIn;
let ui: ConsoleHarness;
const ids: Record<string, string> = {};

async function member(exim: EximStandIn): Promise<StackMember> {
  return { name: exim.name, role: 'mta', info: await exim.target.info(), restarts: 0, target: exim.target };
}

const listing = async (exim: EximStandIn) => (await exim.target.exec([...EXIM, '-bp'])).stdout;

beforeAll(async () => {
  [ext, int] = await Promise.all([startEximStandIn('exim-ext-mailout'), startEximStandIn('exim-int-mailout')]);
  ids.out = await ext.submit('alice@example.test', ['bob@remote.test'], 'from the smarthost');
  ids.gone = await ext.submit('alice@example.test', ['carol@remote.test'], 'to delete');
  ids.local = await int.submit('erin@example.test', ['dan@remote.test'], 'from a local user');
  await Promise.all([ext.runQueue(), int.runQueue()]);
  const stack: Stack = { name: 'docker-dovecot', kind: 'docker-dovecot', grouping: 'compose', members: [await member(ext), await member(int)] };
  ui = await renderConsole(mailServer(ext.target), { stack, initialScreen: 'queue' });
}, 180_000);

afterAll(async () => {
  await ui?.unmount();
  await Promise.all([ext?.remove(), int?.remove()]);
});

describe('the Queue screen on several Exim instances', () => {
  it('lists the messages of both, each with its instance, full ID and reason, and the command it runs', async () => {
    const frame = await ui.waitFor((f) => Object.values(ids).every((id) => f.includes(id)), 60_000);
    expect(frame).toMatch(new RegExp(`exim-ext-mailout\\s+deferred\\s+${ids.out}`));
    expect(frame).toMatch(new RegExp(`exim-int-mailout\\s+deferred\\s+${ids.local}`));
    expect(frame).toMatch(/Connection refu/);
    // The summary line names the command (cut at 100 columns).
    expect(frame).toContain('/usr/exim/bin/exim -C /etc/exim/con');
  });

  it('holds a message of the second instance there (an Exim freeze), deletes one of the first there, gives up on another', async () => {
    await ui.press('/');
    await ui.enter('to:dan@remote.test');
    await ui.waitFor((f) => new RegExp(`deferred\\s+${ids.local}`).test(f) && !f.includes(ids.out!));
    await ui.press('h');
    await ui.waitFor(/hold|freeze/i);
    await ui.press('y');
    await ui.waitFor(new RegExp(`exim-int-mailout\\s+hold\\s+${ids.local}`), 30_000);
    expect(await listing(int)).toMatch(new RegExp(`${ids.local} <erin@example.test> \\*\\*\\* frozen \\*\\*\\*`));

    await ui.press(KEYS.esc);
    await ui.press('/');
    await ui.enter('to:carol@remote.test');
    // Rows only: the status line names the last action's message.
    await ui.waitFor((f) => new RegExp(`deferred\\s+${ids.gone}`).test(f) && !/exim-int-mailout\s+(hold|deferred)/.test(f));
    await ui.press('d');
    await ui.waitFor(/delete/i);
    await ui.press('y');
    await ui.waitFor((f) => !new RegExp(`deferred\\s+${ids.gone}`).test(f), 30_000);
    expect(await listing(ext)).not.toContain(ids.gone!);
    expect(await listing(ext)).toContain(ids.out!);

    await ui.press(KEYS.esc);
    await ui.press('/');
    await ui.enter('to:bob@remote.test');
    await ui.waitFor((f) => new RegExp(`deferred\\s+${ids.out}`).test(f) && !/exim-int-mailout\s+(hold|deferred)/.test(f));
    await ui.press('e');
    await ui.waitFor((f) => f.includes('Give up on deferred message') && f.includes('Runs: /usr/exim/bin/exim -C /etc/exim/config.d/exim.conf -Mg ID'));
    await ui.press('y');
    await ui.waitFor((f) => !new RegExp(`deferred\\s+${ids.out}`).test(f), 30_000);
    expect((await ext.target.exec(['cat', '/var/log/exim/main.log'])).stdout).toContain(`${ids.out} cancelled by root`);
    expect(ui.audit.map((a) => [a.action, a.result])).toEqual([
      ['hold queued', 'ok'],
      ['delete queued', 'ok'],
      ['bounce queued', 'ok'],
    ]);
  });

  it("Logs: follows each Exim's main log, tagged with its instance; id: finds one message's lines in the instance that had it", async () => {
    await ui.press(KEYS.esc);
    await ui.press(screenKey('logs'));
    await ui.waitFor(/exim-(ext|int)-mailout\S*\s.*exim\/main/, 60_000);
    // reject.log and panic.log do not exist until Exim writes to them: that is not worth a notice.
    expect(ui.frame()).not.toMatch(/cannot open|No such file/);
    await ui.press('/');
    await ui.enter(`id:${ids.local!.toLowerCase()}`);
    const frame = await ui.waitFor((f) => f.includes(`${ids.local} <= erin@example.test`) && f.includes(`${ids.local} == dan@remote.test`), 30_000);
    const lines = frame.split('\n').filter((l) => l.includes(ids.local!));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((l) => /exim-int-mailout/.test(l))).toBe(true);
    expect(frame).toContain('tail -F /var/log/exim/{main,reject,panic}.log (exim-ext-mailout');

    await ui.press(KEYS.esc);
    await ui.press('/');
    await ui.enter(`id:${ids.gone}`);
    const other = await ui.waitFor((f) => f.includes(`${ids.gone} <= alice@example.test`) && f.includes(`${ids.gone} removed by root`), 30_000);
    const goneLines = other.split('\n').filter((l) => l.includes(`exim/main       ${ids.gone} `));
    expect(goneLines.length).toBeGreaterThanOrEqual(2);
    expect(goneLines.every((l) => /exim-ext-mailout/.test(l))).toBe(true);
    await ui.press(KEYS.esc);
    await ui.press('/');
    await ui.enter(`id:${ids.local}`);
    await ui.waitFor((f) => f.includes(`${ids.local} <= erin@example.test`), 30_000);
  });

  it('t traces the message from the log file inside the Exim that had it', async () => {
    await ui.press(KEYS.up);
    await ui.press('t');
    const trace = await ui.waitFor((f) => f.includes(`Trace of ${ids.local}`) && f.includes("the Exims' log files + live lines"), 30_000);
    expect(trace).toMatch(new RegExp(`exim-int-mailout\\S*\\s.*${ids.local} <= erin@example.test`));
    expect(trace).toContain(`${ids.local} == dan@remote.test`);
    // Log lines only: the status line still names the last action's message.
    expect(trace.split('\n').filter((l) => l.includes('exim/main')).join('\n')).not.toContain(ids.out!);
    await ui.press(KEYS.esc);
  });
});

describe('the Health screen on docker-dovecot', () => {
  it('says which Exim logs nothing rotates, and goes quiet once a logrotate rule names their folder', async () => {
    await ui.press(screenKey('health'));
    const frame = await ui.waitFor((f) => /^Logs +never rotated: no logrotate rule names \/var\/log\/exim/m.test(f) && /exim-int-mailout main\.log/.test(f), 30_000);
    expect(frame).toMatch(/^ +i exim-ext-mailout main\.log \d/m);
    expect(frame).toMatch(/^ +i exim-int-mailout main\.log \d/m);
    // The stand-ins' Exims have no TLS: the Cert line reads Exim's setting, not Postfix's.
    expect(frame).toMatch(/^Cert +no TLS certificate in exim-ext-mailout's Exim \(tls_certificate is unset\)/m);
    expect(frame).toMatch(/^Queue +\d+ messages? · /m);
    const rule = '/var/log/exim/*.log {\n  weekly\n  rotate 4\n  compress\n}\n';
    await ext.target.exec(['sh', '-c', 'cat > /etc/logrotate.d/exim-docker-dovecot'], { stdin: rule });
    await ui.press('r');
    const after = await ui.waitFor((f) => /exim-int-mailout main\.log/.test(f) && !/exim-ext-mailout main\.log/.test(f), 30_000);
    expect(after).toMatch(/^Logs +never rotated/m);
  });
});
