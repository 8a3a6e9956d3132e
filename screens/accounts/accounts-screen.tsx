import { Box, Text } from 'ink';
import { readFile } from 'node:fs/promises';
import { type ReactNode } from 'react';
import type { MailServer } from '../../src/services/mail-server.js';
import { accountsOverview, type AccountRow, type AccountsOverview } from '../../src/services/accounts-overview.js';
import { addAccount, deleteAccount, importAccounts, updatePassword } from '../../src/services/accounts.js';
import { restrict, unrestrict, type Direction } from '../../src/services/access-restrictions.js';
import { deleteQuota, importQuotas, setQuota } from '../../src/services/quotas.js';
import { importAliases } from '../../src/services/aliases.js';
import { ListPanelRows, useListPanel } from '../../src/ui/list-panel.js';
import { usePolling } from '../../src/ui/use-polling.js';
import { useConsole } from '../console-context.js';
import type { ScreenDefinition } from '../screen.js';
import { useSubView } from '../use-sub-view.js';
import { useAction } from '../use-action.js';
import { useBindings } from '../use-bindings.js';
import { AccountAliases } from './account-aliases.js';
import { IMPORT_FIELDS, IMPORT_KINDS, newAccountFields, PASSWORD_FIELDS, quotaFields, type ImportKind } from './account-forms.js';
import { AccountRowView } from './account-row.js';
import { ACCOUNTS_BINDINGS, type AccountsAction } from './accounts-keys.js';
import { orderAccounts, SORTS, type AccountSort } from './accounts-order.js';

const POLL_MS = 5000;
const NO_ROWS: readonly AccountRow[] = [];
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** One file of accounts, aliases or quotas, all or none, in one change; the outcome for the status line. */
async function importFile(server: MailServer, kind: ImportKind, text: string): Promise<string> {
  if (kind === 'aliases') return `${plural((await importAliases(server, text)).count, 'alias line', 'alias lines')} added`;
  if (kind === 'quotas') return `${plural(await importQuotas(server, text), 'quota', 'quotas')} set`;
  const added = await importAccounts(server, text);
  return `${plural(added.length, 'account', 'accounts')} added; they turn live when the server applies them`;
}

function AccountsScreen({ shown, focused }: { shown: boolean; focused: boolean }): ReactNode {
  const { server, filter, bodyRows, columns, theme, setStatus, ask } = useConsole();
  const overview = usePolling<AccountsOverview>((early) => accountsOverview(server, early), POLL_MS, shown);
  const { busy, run } = useAction(overview.refresh);
  /** The aliases view of one account (l), drawn instead of the list. */
  const [aliasesOf, setAliasesOf] = useSubView<string>();

  const page = Math.max(1, bodyRows - 2);
  const list = useListPanel<AccountRow, AccountSort>({ items: overview.data?.rows ?? NO_ROWS, keyOf: (r) => r.address, filter, order: orderAccounts, initialSort: 'name', page });
  const { rows, selected, sort } = list;
  const ldap = overview.data && overview.data.provisioner !== 'FILE';

  const toggle = async (row: AccountRow, direction: Direction): Promise<void> => {
    const on = direction === 'send' ? row.sendRestricted : row.receiveRestricted;
    const what = direction === 'send' ? 'sending from' : 'mail to';
    if (!(await ask.confirm(on ? `Allow ${what} ${row.address} again?` : `Refuse ${what} ${row.address}?`))) return;
    run(on ? `allow ${direction}` : `refuse ${direction}`, row.address, () => (on ? unrestrict : restrict)(server, direction, row.address).then(() => undefined));
  };

  /** An action on the selected account. */
  const onSelected = (act: (row: AccountRow) => unknown) => (): void => void (selected ? act(selected) : setStatus('No account selected.'));

  useBindings<AccountsAction>(
    ACCOUNTS_BINDINGS,
    {
      ...list.moves,
      sort: () => list.setSort((s) => SORTS[(SORTS.indexOf(s) + 1) % SORTS.length] ?? 'name'),
      refresh: () => overview.refresh(),
      add: async () => {
        const values = await ask.form('New account', newAccountFields(new Set(rows.map((r) => r.address))));
        if (!values) return;
        const { address = '', password = '', quota = '' } = values;
        run('add account', address.toLowerCase(), async () => {
          await addAccount(server, address, password);
          if (quota) await setQuota(server, address, quota);
          return 'it turns live when the server applies it, in a few seconds';
        });
      },
      import: async () => {
        const kind = (await ask.choice('Add from a file on this machine: what does it hold?', IMPORT_KINDS)) as ImportKind | undefined;
        const path = kind && (await ask.form(`Add ${kind} from a file on this machine`, IMPORT_FIELDS))?.path;
        if (!kind || path === undefined) return;
        run(`import ${kind}`, path, async () => importFile(server, kind, await readFile(path, 'utf8')));
      },
      password: onSelected(async (row) => {
        const password = (await ask.form(`New password for ${row.address}`, PASSWORD_FIELDS))?.password;
        if (password !== undefined) run('change password', row.address, () => updatePassword(server, row.address, password));
      }),
      quota: onSelected(async (row) => {
        const quota = (await ask.form(`Quota of ${row.address}`, quotaFields(row.quotaLimit)))?.quota;
        if (quota === undefined) return;
        run(quota ? `set quota ${quota}` : 'remove quota', row.address, () => (quota ? setQuota(server, row.address, quota) : deleteQuota(server, row.address)));
      }),
      aliases: onSelected((row) => setAliasesOf(row.address)),
      send: onSelected((row) => toggle(row, 'send')),
      receive: onSelected((row) => toggle(row, 'receive')),
      delete: onSelected(async (row) => {
        if (!(await ask.confirm(`Delete the account ${row.address}?`, `Its ${row.aliases.length} alias target(s) and its quota go too.`))) return;
        const deleteMailbox = await ask.confirm(`Also delete the mailbox of ${row.address} (all its mail)?`);
        run('delete account', row.address, async () => {
          const { mailboxDeleted } = await deleteAccount(server, row.address, { deleteMailbox });
          return mailboxDeleted ? 'mailbox deleted' : 'mailbox kept';
        });
      }),
    },
    {
      isActive: focused && aliasesOf === undefined,
      busy,
      ...(ldap ? { changesRefused: 'Accounts come from LDAP: change them in the directory.' } : {}),
    },
  );

  if (!shown) return null;
  if (aliasesOf !== undefined) {
    const closeAliases = (): void => {
      setAliasesOf(undefined);
      overview.refresh();
    };
    return <AccountAliases address={aliasesOf} focused={focused} onClose={closeAliases} />;
  }

  const total = overview.data?.rows.length ?? 0;
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">
        {overview.data
          ? overview.data.complete
            ? `${rows.length} of ${total} accounts · sorted by ${sort}`
            : `${total} accounts · quota use and liveness loading…`
          : overview.loading
            ? 'loading accounts…'
            : ''}
        {overview.error ? ` · ${overview.error}` : ''}
        {overview.updatedAt ? ` · ${overview.updatedAt.toLocaleTimeString()}` : ''}
      </Text>
      {ldap ? (
        <Text color="yellow">Accounts come from LDAP (ACCOUNT_PROVISIONER={overview.data?.provisioner}): manage them in your directory. This screen is read-only.</Text>
      ) : (
        <ListPanelRows
          panel={list}
          height={bodyRows - 1}
          empty={filter ? `No account matches "${filter}".` : 'No accounts yet: press a to add one.'}
          renderRow={(row, isSelected) => <AccountRowView row={row} selected={isSelected} theme={theme} columns={columns} quotasOn={overview.data?.quotasOn ?? false} complete={overview.data?.complete ?? false} />}
        />
      )}
    </Box>
  );
}

export const accountsScreen: ScreenDefinition = {
  id: 'accounts',
  title: 'Accounts',
  bindings: ACCOUNTS_BINDINGS,
  Component: AccountsScreen,
};
