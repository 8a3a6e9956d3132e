import { Box, Text } from 'ink';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { adminAddresses, protectedHits } from '../../src/services/admin-addresses.js';
import { banAddress, banOverview, unbanEverywhere, unbanInJail, type BannedAddress } from '../../src/services/ban-details.js';
import { MANUAL_JAIL } from '../../src/services/bans.js';
import { ServiceError } from '../../src/services/errors.js';
import { ConfirmPrompt } from '../../src/ui/ConfirmPrompt.js';
import { FormPrompt, type FormField } from '../../src/ui/FormPrompt.js';
import { ListView } from '../../src/ui/ListView.js';
import { moveHandlers } from '../../src/ui/move-keys.js';
import { usePolling } from '../../src/ui/use-polling.js';
import { moveCursor } from '../../src/ui/visible-window.js';
import { useConsole } from '../console-context.js';
import type { ScreenDefinition } from '../screen.js';
import { useAction, type ActionRunner } from '../use-action.js';
import { useBindings } from '../use-bindings.js';
import { BAN_FIELDS, forceFields } from './ban-forms.js';
import { BanHeader, BanRow } from './ban-row.js';
import { BanWhy } from './ban-why.js';
import { BANS_BINDINGS, type BansAction } from './bans-keys.js';
import { banKey, jailsOf, orderBans } from './bans-order.js';
import { JailTable } from './jail-table.js';

const POLL_MS = 5000;
const ADMIN_POLL_MS = 60_000;

type Dialog =
  | { kind: 'form'; title: string; fields: readonly FormField[]; submit: (values: Record<string, string>) => void }
  | { kind: 'confirm'; question: string; detail?: string; answer: (yes: boolean) => void }
  | { kind: 'why'; ban: BannedAddress };

/** Unbans in one jail, or in all; fails when there was nothing to lift, so the status line says so. */
function unbanAction(run: ActionRunner, server: Parameters<typeof unbanInJail>[0], ban: BannedAddress, everywhere: boolean): void {
  if (everywhere) {
    run('unban', `${ban.address} (every jail)`, async () => {
      const lifted = await unbanEverywhere(server, ban.address);
      if (lifted.length === 0) throw new ServiceError(`${ban.address} was not banned in any jail`);
      return `lifted in ${lifted.map((l) => l.jail).join(', ')}`;
    });
    return;
  }
  run('unban', `${ban.address} (${ban.jail})`, async () => {
    if ((await unbanInJail(server, ban.jail, ban.address)) === 0) throw new ServiceError(`${ban.address} was not banned in ${ban.jail}`);
    return `lifted in ${ban.jail}`;
  });
}

function BansScreen({ shown, focused }: { shown: boolean; focused: boolean }): ReactNode {
  const { server, filter, bodyRows, columns, theme, setCapturing, setStatus } = useConsole();
  const overview = usePolling(() => banOverview(server), POLL_MS, shown);
  const admin = usePolling(() => adminAddresses(server), ADMIN_POLL_MS, shown);
  const { busy, run } = useAction(overview.refresh);
  const [cursor, setCursor] = useState(0);
  const [dialog, setDialog] = useState<Dialog>();
  useEffect(() => setCapturing(dialog !== undefined), [dialog, setCapturing]);

  const bans = useMemo(() => orderBans(overview.data?.bans ?? [], filter), [overview.data, filter]);
  const selected: BannedAddress | undefined = bans[Math.min(cursor, bans.length - 1)];
  const running = overview.data?.running ?? false;
  const close = (): void => setDialog(undefined);

  const banFlow = (address: string): void => {
    const hits = protectedHits(address, admin.data ?? []);
    const ban = (force: boolean): void => run(force ? 'ban (forced)' : 'ban', `${address} (${MANUAL_JAIL})`, () => banAddress(server, address, { force }));
    if (hits.length > 0) {
      setDialog({
        kind: 'form',
        title: `Ban ${address}? It can lock you out.`,
        fields: forceFields(hits),
        submit: () => {
          close();
          ban(true);
        },
      });
      return;
    }
    setDialog({
      kind: 'confirm',
      question: `Ban ${address} in the ${MANUAL_JAIL} jail?`,
      detail: 'Fail2ban drops its connections to the mail ports until the ban time is over or you unban it.',
      answer: (yes) => {
        close();
        if (yes) ban(false);
      },
    });
  };

  const onSelected = (act: (ban: BannedAddress) => void) => (): void => (selected ? act(selected) : setStatus('No ban selected.'));
  useBindings<BansAction>(
    BANS_BINDINGS,
    {
      ...moveHandlers((move) => setCursor((c) => moveCursor(c, bans.length, move, Math.max(1, bodyRows - 8)))),
      refresh: () => overview.refresh(),
      ban: () => setDialog({ kind: 'form', title: `Ban an address (jail ${MANUAL_JAIL})`, fields: BAN_FIELDS, submit: ({ address = '' }) => banFlow(address.trim()) }),
      why: onSelected((ban) => setDialog({ kind: 'why', ban })),
      unban: onSelected((ban) =>
        setDialog({
          kind: 'confirm',
          question: `Unban ${ban.address} from ${ban.jail}?`,
          answer: (yes) => {
            close();
            if (yes) unbanAction(run, server, ban, false);
          },
        }),
      ),
      unbanAll: onSelected((ban) => {
        const jails = jailsOf(overview.data?.bans ?? [], ban.address);
        setDialog({
          kind: 'confirm',
          question: `Unban ${ban.address} from every jail (${jails.join(', ')})?`,
          detail: 'Every jail is asked, as `setup fail2ban unban` does.',
          answer: (yes) => {
            close();
            if (yes) unbanAction(run, server, ban, true);
          },
        });
      }),
    },
    { isActive: focused && dialog === undefined, busy, ...(running ? {} : { changesRefused: 'Fail2ban is not running on this server.' }) },
  );

  if (!shown) return null;
  // Keyed by title: the force form follows the address form, and must not inherit what was typed there.
  if (dialog?.kind === 'form') return <FormPrompt key={dialog.title} title={dialog.title} fields={dialog.fields} onSubmit={dialog.submit} onCancel={close} />;
  if (dialog?.kind === 'confirm') return <ConfirmPrompt question={dialog.question} detail={dialog.detail} onAnswer={dialog.answer} />;
  if (dialog?.kind === 'why') return <BanWhy ban={dialog.ban} onClose={close} />;

  const data = overview.data;
  const total = data?.bans.length ?? 0;
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">
        {data ? (running ? `${data.jails.length} jails · ${bans.length} of ${total} bans` : 'fail2ban is not running') : overview.loading ? 'asking fail2ban…' : ''}
        {overview.error ? ` · ${overview.error}` : ''}
        {overview.updatedAt ? ` · ${overview.updatedAt.toLocaleTimeString()}` : ''}
        {data ? ` · $ ${data.command}` : ''}
      </Text>
      {data && !running ? (
        <Text color="yellow" wrap="wrap">
          Fail2ban does not answer on this server{data.problem ? ` (${data.problem})` : ''}. DMS runs it with ENABLE_FAIL2BAN=1 and the NET_ADMIN capability.
        </Text>
      ) : null}
      {data && running ? (
        <>
          <JailTable jails={data.jails} theme={theme} />
          <BanHeader columns={columns} />
          <ListView
            items={bans}
            cursor={Math.min(cursor, Math.max(0, bans.length - 1))}
            height={Math.max(1, bodyRows - data.jails.length - 3)}
            keyOf={banKey}
            empty={filter ? `No ban matches "${filter}".` : 'Nobody is banned. b bans an address by hand.'}
            renderRow={(ban, isSelected) => <BanRow ban={ban} selected={isSelected} theme={theme} columns={columns} />}
          />
        </>
      ) : null}
    </Box>
  );
}

export const bansScreen: ScreenDefinition = {
  id: 'bans',
  title: 'Bans',
  bindings: BANS_BINDINGS,
  Component: BansScreen,
};
