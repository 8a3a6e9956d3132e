import { Box, Text, useInput } from 'ink';
import { useState, type ReactNode } from 'react';
import { addAlias, listAliases, removeAlias } from '../../src/services/aliases.js';
import { ConfirmPrompt } from '../../src/ui/ConfirmPrompt.js';
import { FormPrompt } from '../../src/ui/FormPrompt.js';
import { ListView } from '../../src/ui/ListView.js';
import { usePolling } from '../../src/ui/use-polling.js';
import { moveCursor } from '../../src/ui/visible-window.js';
import { useConsole } from '../console-context.js';
import { useAction } from '../use-action.js';
import { ALIAS_FIELDS } from './account-forms.js';

/** The aliases that deliver to one account: add one (a), remove one (d), back (Esc). */
export function AccountAliases({ address, onClose }: { address: string; onClose: () => void }): ReactNode {
  const { server, bodyRows, readOnly, setStatus } = useConsole();
  const aliases = usePolling(
    async () => (await listAliases(server)).filter((e) => e.targets.some((t) => t.toLowerCase() === address.toLowerCase())),
    5000,
  );
  const { run } = useAction(aliases.refresh);
  const [cursor, setCursor] = useState(0);
  const [dialog, setDialog] = useState<'add' | 'remove'>();
  const items = aliases.data ?? [];
  const selected = items[Math.min(cursor, items.length - 1)];

  useInput(
    (input, key) => {
      if (key.escape || input === 'q') return onClose();
      if (key.upArrow || key.downArrow) return setCursor((c) => moveCursor(c, items.length, key.upArrow ? 'up' : 'down', 1));
      if ((input === 'a' || input === 'd') && readOnly) return setStatus('Read-only mode: this would change the server.', 'error');
      if (input === 'a') return setDialog('add');
      if (input === 'd' && selected) return setDialog('remove');
      return undefined;
    },
    { isActive: dialog === undefined },
  );

  if (dialog === 'add') {
    return (
      <FormPrompt
        title={`New alias for ${address}`}
        fields={ALIAS_FIELDS}
        onCancel={() => setDialog(undefined)}
        onSubmit={({ alias = '' }) => {
          setDialog(undefined);
          run('add alias', `${alias} → ${address}`, async () => {
            await addAlias(server, alias, address);
          });
        }}
      />
    );
  }
  if (dialog === 'remove' && selected) {
    const others = selected.targets.length - 1;
    return (
      <ConfirmPrompt
        question={`Stop delivering ${selected.alias} to ${address}?`}
        detail={others > 0 ? `It keeps its ${others} other target(s).` : 'It has no other target, so the alias goes.'}
        onAnswer={(yes) => {
          setDialog(undefined);
          if (yes) run('remove alias', `${selected.alias} → ${address}`, async () => void (await removeAlias(server, selected.alias, address)));
        }}
      />
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold>Aliases delivering to {address}</Text>
      <ListView
        items={items}
        cursor={Math.min(cursor, Math.max(0, items.length - 1))}
        height={bodyRows - 3}
        keyOf={(e) => e.alias}
        empty={aliases.loading ? 'loading…' : 'No alias delivers here yet.'}
        renderRow={(e, isSelected) => (
          <Text inverse={isSelected} wrap="truncate">
            {e.alias}
            {e.targets.length > 1 ? `  (also to ${e.targets.filter((t) => t.toLowerCase() !== address.toLowerCase()).join(', ')})` : ''}
          </Text>
        )}
      />
      <Text dimColor>a: add alias · d: remove · Esc: back</Text>
    </Box>
  );
}
