import { Text, useInput } from 'ink';
import { render } from 'ink-testing-library';
import { act, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { ListPanelRows, useListPanel } from '../../src/ui/list-panel.js';
import { selectionIndex } from '../../src/ui/list-selection.js';

const same = (s: string): string => s;

describe('selectionIndex', () => {
  const rows = ['ann', 'bob', 'cat', 'dan'];
  it('follows the selected row where it moved, else keeps the place inside the list', () => {
    expect(selectionIndex(rows, same, { key: 'cat', index: 2 })).toBe(2);
    expect(selectionIndex(['zed', ...rows], same, { key: 'cat', index: 2 })).toBe(3);
    expect(selectionIndex(['ann', 'bob', 'dan'], same, { key: 'cat', index: 2 })).toBe(2);
    expect(selectionIndex(['ann'], same, { key: 'cat', index: 2 })).toBe(0);
    expect(selectionIndex([], same, { key: 'cat', index: 2 })).toBe(0);
    expect(selectionIndex(rows, same, { index: 9 })).toBe(3);
  });
});

const byFilterAndSort = (items: readonly string[], filter: string, sort: 'asc' | 'desc'): string[] =>
  items.filter((i) => i.includes(filter)).sort((a, b) => (sort === 'asc' ? a.localeCompare(b) : b.localeCompare(a)));

/** A throwaway screen: its rows, j/k/G to move, s to reverse the sort; it draws the selected row's name below. */
function Names({ items, filter = '' }: { items: string[]; filter?: string }): ReactNode {
  const list = useListPanel<string, 'asc' | 'desc'>({ items, keyOf: same, filter, order: byFilterAndSort, initialSort: 'asc', page: 2 });
  useInput((input) => {
    if (input === 'j') list.moves.down();
    if (input === 'k') list.moves.up();
    if (input === 'G') list.moves.end();
    if (input === 's') list.setSort((s) => (s === 'asc' ? 'desc' : 'asc'));
  });
  return (
    <>
      <ListPanelRows panel={list} height={3} empty="nobody" renderRow={(name, selected) => <Text>{`${selected ? '>' : ' '} ${name}`}</Text>} />
      <Text>selected: {list.selected ?? '-'}</Text>
    </>
  );
}

async function show(items: string[]) {
  let app!: ReturnType<typeof render>;
  await act(async () => {
    app = render(<Names items={items} />);
  });
  return {
    frame: () => app.lastFrame() ?? '',
    keys: async (...keys: string[]) => act(async () => void keys.forEach((k) => app.stdin.write(k))),
    rerender: async (items: string[], filter?: string) => act(async () => app.rerender(<Names items={items} filter={filter} />)),
    unmount: async () => act(async () => app.unmount()),
  };
}

describe('useListPanel and ListPanelRows', () => {
  it('keys typed faster than a redraw all move the cursor; the window follows it', async () => {
    const list = await show(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(list.frame()).toContain('> a1');
    await list.keys('j', 'j', 'j');
    expect(list.frame()).toContain('selected: a4');
    expect(list.frame()).not.toContain('a1');
    await list.keys('G', 'k');
    expect(list.frame()).toContain('selected: a4');
    await list.unmount();
  });

  it('the cursor stays on the same row when the list is polled again with rows above it, or sorted the other way', async () => {
    const list = await show(['bob', 'cat', 'dan']);
    await list.keys('j');
    expect(list.frame()).toContain('selected: cat');
    await list.rerender(['ann', 'abe', 'bob', 'cat', 'dan']);
    expect(list.frame()).toContain('> cat');
    await list.keys('s');
    expect(list.frame()).toMatch(/> cat/);
    expect(list.frame().indexOf('dan')).toBeLessThan(list.frame().indexOf('cat'));
    // The selected row gone: the cursor keeps its place (second, as cat was in dan, cat, bob, ann, abe).
    await list.rerender(['ann', 'abe', 'bob', 'dan']);
    expect(list.frame()).toContain('selected: bob');
    await list.rerender(['ann', 'abe', 'bob', 'dan'], 'zzz');
    expect(list.frame()).toContain('nobody');
    expect(list.frame()).toContain('selected: -');
    await list.rerender(['ann', 'abe', 'bob', 'dan', 'cat']);
    expect(list.frame()).toContain('selected: bob');
    await list.unmount();
  });
});
