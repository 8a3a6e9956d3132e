import { Box, Text } from 'ink';
import { useState, type ReactNode } from 'react';
import type { AliasEntry } from '../../src/dms/virtual-file.js';
import { addAlias, listAliases, removeAlias } from '../../src/services/aliases.js';
import { ListPanelRows, useListPanel } from '../../src/ui/list-panel.js';
import { usePolling } from '../../src/ui/use-polling.js';
import { useConsole } from '../console-context.js';
import { BindingRows } from '../help-overlay.js';
import { BindingLine } from '../key-line.js';
import { useAction } from '../use-action.js';
import { useBindings } from '../use-bindings.js';
import { ALIAS_FIELDS } from './account-forms.js';
import { ALIASES_BINDINGS, type AliasesAction } from './accounts-keys.js';

const NO_ALIASES: readonly AliasEntry[] = [];

/** The aliases that deliver to one account, with keys of its own (ALIASES_BINDINGS). */
export function AccountAliases({ address, focused, onClose }: { address: string; focused: boolean; onClose: () => void }): ReactNode {
  const { server, bodyRows, readOnly, theme, ask } = useConsole();
  const aliases = usePolling(
    async () => (await listAliases(server)).filter((e) => e.targets.some((t) => t.toLowerCase() === address.toLowerCase())),
    5000,
  );
  const { busy, run } = useAction(aliases.refresh);
  const [help, setHelp] = useState(false);
  const list = useListPanel({ items: aliases.data ?? NO_ALIASES, keyOf: (e) => e.alias, page: 1 });
  const { selected } = list;

  useBindings<AliasesAction>(
    ALIASES_BINDINGS,
    {
      up: list.moves.up,
      down: list.moves.down,
      add: async () => {
        const alias = (await ask.form(`New alias for ${address}`, ALIAS_FIELDS))?.alias;
        if (alias !== undefined) run('add alias', `${alias} → ${address}`, () => addAlias(server, alias, address).then(() => undefined));
      },
      remove: async () => {
        if (!selected) return;
        const others = selected.targets.length - 1;
        const detail = others > 0 ? `It keeps its ${others} other target(s).` : 'It has no other target, so the alias goes.';
        if (!(await ask.confirm(`Stop delivering ${selected.alias} to ${address}?`, detail))) return;
        run('remove alias', `${selected.alias} → ${address}`, async () => void (await removeAlias(server, selected.alias, address)));
      },
      back: () => (help ? setHelp(false) : onClose()),
      help: () => setHelp((h) => !h),
    },
    { isActive: focused, busy },
  );

  return (
    <Box flexDirection="column">
      <Text bold>Aliases delivering to {address}</Text>
      <ListPanelRows
        panel={list}
        height={Math.max(1, bodyRows - 3 - (help ? ALIASES_BINDINGS.length : 0))}
        empty={aliases.loading ? 'loading…' : 'No alias delivers here yet.'}
        renderRow={(e, isSelected) => (
          <Text inverse={isSelected} wrap="truncate">
            {e.alias}
            {e.targets.length > 1 ? `  (also to ${e.targets.filter((t) => t.toLowerCase() !== address.toLowerCase()).join(', ')})` : ''}
          </Text>
        )}
      />
      {help && <BindingRows bindings={ALIASES_BINDINGS} theme={theme} readOnly={readOnly} />}
      <BindingLine bindings={ALIASES_BINDINGS} theme={theme} readOnly={readOnly} />
    </Box>
  );
}
