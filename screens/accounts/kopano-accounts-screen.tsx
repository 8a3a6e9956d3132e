import { Box, Text } from 'ink';
import { type ReactNode } from 'react';
import { sanitizeForTerminal } from '../../src/dms/terminal-text.js';
import { kopanoAccounts, type KopanoAccount } from '../../src/services/kopano-accounts.js';
import { addKopanoUser, deleteKopanoUser, setKopanoPassword, setKopanoQuota } from '../../src/services/kopano-database-users.js';
import type { Stack } from '../../src/stacks/stack.js';
import { ListPanelRows, useListPanel } from '../../src/ui/list-panel.js';
import { usePolling } from '../../src/ui/use-polling.js';
import { useConsole } from '../console-context.js';
import type { ScreenDefinition } from '../screen.js';
import { useAction } from '../use-action.js';
import { useBindings } from '../use-bindings.js';
import { KOPANO_ACCOUNTS_BINDINGS, type KopanoAccountsAction } from './kopano-accounts-keys.js';
import { kopanoQuotaFields, newKopanoUserFields } from './kopano-forms.js';
import { PASSWORD_FIELDS } from './account-forms.js';
import { KopanoUserDetail, KopanoUserRow } from './kopano-user-row.js';

const POLL_MS = 10_000;
/** Rows under the list: the selected user's aliases and features. */
const DETAIL_ROWS = 2;

const NO_USERS: readonly KopanoAccount[] = [];

/** The users whose login, address, name or an alias holds the filter text. */
function matching(users: readonly KopanoAccount[], filter: string): readonly KopanoAccount[] {
  if (!filter) return users;
  const needle = filter.toLowerCase();
  return users.filter((user) => [user.login, user.email, user.fullname, ...user.aliases].some((v) => v.toLowerCase().includes(needle)));
}

function KopanoAccountsView({ stack, shown, focused }: { stack: Stack; shown: boolean; focused: boolean }): ReactNode {
  const { filter, bodyRows, columns, theme, setStatus, ask } = useConsole();
  const users = usePolling(() => kopanoAccounts(stack), POLL_MS, shown);
  const { busy, run } = useAction(users.refresh);

  const list = useListPanel({ items: users.data?.accounts ?? NO_USERS, keyOf: (u) => u.login, filter, order: matching, page: Math.max(1, bodyRows - DETAIL_ROWS - 2) });
  const { rows, selected } = list;
  const writable = users.data?.writable ?? false;

  const onSelected = (act: (user: KopanoAccount) => unknown) => (): void => void (selected ? act(selected) : setStatus('No user selected.'));
  const where = users.data?.plugin === 'ldap' ? 'in its LDAP directory: change them there' : 'outside mailwiz (USER_PLUGIN=unix)';
  useBindings<KopanoAccountsAction>(
    KOPANO_ACCOUNTS_BINDINGS,
    {
      ...list.moves,
      refresh: () => users.refresh(),
      add: async () => {
        const taken = new Set((users.data?.accounts ?? []).map((u) => u.login.toLowerCase()));
        const values = await ask.form('New Kopano user (kopano-admin -c)', newKopanoUserFields(taken));
        if (!values) return;
        const { login = '', email = '', fullname = '', password = '' } = values;
        run('add user', login, () => addKopanoUser(stack, { username: login, email, fullname, password }));
      },
      password: onSelected(async (user) => {
        const password = (await ask.form(`New password for ${sanitizeForTerminal(user.login)}`, PASSWORD_FIELDS))?.password;
        if (password !== undefined) run('change password', user.login, () => setKopanoPassword(stack, user.login, password));
      }),
      quota: onSelected(async (user) => {
        const values = await ask.form(`Quota of ${sanitizeForTerminal(user.login)} (MB; empty: the server's default)`, kopanoQuotaFields(user.quota));
        if (!values) return;
        const { warn = '', soft = '', hard = '' } = values;
        const limits = hard === '' ? undefined : { warn: Number(warn), soft: Number(soft), hard: Number(hard) };
        run(limits ? `set quota ${hard}MB` : 'default quota', user.login, () => setKopanoQuota(stack, user.login, limits));
      }),
      delete: onSelected(async (user) => {
        const question = `Delete the Kopano user ${sanitizeForTerminal(user.login)}?`;
        if (await ask.confirm(question, 'Kopano keeps the store as an orphan (kopano-admin --list-orphans); it is not deleted.')) {
          run('delete user', user.login, () => deleteKopanoUser(stack, user.login));
        }
      }),
    },
    { isActive: focused, busy, ...(writable ? {} : { changesRefused: `Kopano keeps these users ${where}.` }) },
  );

  if (!shown) return null;

  const total = users.data?.accounts.length ?? 0;
  const listHeight = Math.max(1, bodyRows - 2 - DETAIL_ROWS);
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">
        {users.data ? `${rows.length} of ${total} Kopano users${users.data.writable ? '' : ` · read-only here (${users.data.plugin === 'ldap' ? 'kept in LDAP' : 'USER_PLUGIN=unix'})`}` : users.loading ? 'loading users…' : ''}
        {users.error ? `${users.data ? ' · ' : ''}${sanitizeForTerminal(users.error)}` : ''}
        {users.updatedAt ? ` · ${users.updatedAt.toLocaleTimeString()}` : ''}
      </Text>
      <Text dimColor wrap="truncate">
        {users.data ? sanitizeForTerminal(users.data.source) : ' '}
      </Text>
      <ListPanelRows
        panel={list}
        height={listHeight}
        empty={filter ? `No user matches "${filter}".` : !users.data ? '' : users.data.writable ? 'No users yet: press a to add one.' : 'No Kopano users found.'}
        renderRow={(user, isSelected) => <KopanoUserRow user={user} selected={isSelected} theme={theme} columns={columns} />}
      />
      {selected ? <KopanoUserDetail user={selected} /> : null}
    </Box>
  );
}

/** The Accounts screen of a Kopano stack. */
export function kopanoAccountsScreen(stack: Stack): ScreenDefinition {
  return {
    id: 'accounts',
    title: 'Accounts',
    bindings: KOPANO_ACCOUNTS_BINDINGS,
    Component: ({ shown, focused }) => <KopanoAccountsView stack={stack} shown={shown} focused={focused} />,
  };
}
