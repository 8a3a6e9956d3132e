import { Text } from 'ink';
import { describe, expect, it } from 'vitest';
import { Pager, plainLine } from '../../src/ui/pager.js';
import { KEYS, renderWizard } from '../support/wizard-ink.js';

const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
const shown = (frame: string): string[] => frame.split('\n').filter((l) => /^line \d+$/.test(l.trim()));

describe('Pager', () => {
  it('from the top: ↑/↓, PgUp/PgDn, End and Home scroll within the text, and the footer says where', async () => {
    const pager = await renderWizard(<Pager items={lines} render={plainLine} height={10} ascii />);
    expect(shown(pager.frame())).toEqual(lines.slice(0, 10));
    expect(pager.frame()).toContain('lines 1-10 of 30 · UpDown PgUp PgDn scroll');
    await pager.press(KEYS.down);
    expect(shown(pager.frame())[0]).toBe('line 2');
    await pager.press('\u001B[6~');
    expect(shown(pager.frame())[0]).toBe('line 12');
    await pager.press('G');
    expect(shown(pager.frame())).toEqual(lines.slice(20));
    await pager.press(KEYS.down);
    expect(pager.frame()).toContain('lines 21-30 of 30');
    await pager.press('g');
    expect(shown(pager.frame())[0]).toBe('line 1');
    await pager.press(KEYS.up);
    expect(shown(pager.frame())[0]).toBe('line 1');
    await pager.unmount();
  });

  it('from the bottom: the newest lines first, ↑ goes back in time and counts the newer ones below', async () => {
    const pager = await renderWizard(<Pager items={lines} render={plainLine} height={10} from="bottom" ascii />);
    expect(shown(pager.frame())).toEqual(lines.slice(20));
    await pager.press(KEYS.up);
    await pager.press(KEYS.up);
    expect(shown(pager.frame())).toEqual(lines.slice(18, 28));
    expect(pager.frame()).toContain('lines 19-28 of 30 · 2 newer below');
    await pager.press('g');
    expect(shown(pager.frame())).toEqual(lines.slice(0, 10));
    // Further up, the window's end rises: lines that wrap over several rows come fully into view.
    await pager.press(KEYS.up);
    expect(shown(pager.frame())).toEqual(lines.slice(0, 9));
    await pager.press('G');
    expect(pager.frame()).not.toContain('newer below');
    await pager.unmount();
  });

  it('closes on Esc, q, ← and the extra keys given; runs its own keys; leaves closing to the parent without onClose', async () => {
    const closed: string[] = [];
    const ran: string[] = [];
    const keys = [{ binding: { action: 'wrap', keys: ['w'], description: 'wrap' }, run: () => ran.push('wrap') }];
    const pager = await renderWizard(
      <Pager items={lines} render={plainLine} height={5} keys={keys} onClose={() => closed.push('closed')} closeAlso={['t']} ascii />,
    );
    expect(pager.frame()).toContain('w wrap · Esc back');
    for (const key of [KEYS.esc, 'q', KEYS.left, 't']) await pager.press(key);
    await pager.press('w');
    expect(closed).toHaveLength(4);
    expect(ran).toEqual(['wrap']);
    await pager.unmount();

    const embedded = await renderWizard(<Pager items={lines.slice(0, 3)} render={plainLine} height={5} footerWhenScrolling ascii />);
    expect(embedded.frame()).not.toContain('lines');
    expect(shown(embedded.frame())).toEqual(lines.slice(0, 3));
    await embedded.unmount();
  });

  it('shows what it is given for no items (loading, an error)', async () => {
    const pager = await renderWizard(<Pager items={[]} render={plainLine} height={5} empty={<Text>reading…</Text>} ascii />);
    expect(pager.frame()).toContain('reading…');
    await pager.unmount();
  });
});
