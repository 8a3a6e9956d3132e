import { Box, Text } from 'ink';
import { type ReactNode } from 'react';
import { adminAddresses, protectedHits } from '../../src/services/admin-addresses.js';
import { banAddress, banOverview, unbanEverywhere, unbanInJail, type BannedAddress } from '../../src/services/ban-details.js';
import { MANUAL_JAIL } from '../../src/services/bans.js';
import { ServiceError } from '../../src/services/errors.js';
import { ListPanelRows, useListPanel } from '../../src/ui/list-panel.js';
import { usePolling } from '../../src/ui/use-polling.js';
import { useConsole } from '../console-context.js';
import type { ScreenDefinition } from '../screen.js';
import { useSubView } from '../use-sub-view.js';
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
const NO_BANS: readonly BannedAddress[] = [];

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
  const { server, filter, bodyRows, columns, theme, setStatus, ask } = useConsole();
  const overview = usePolling(() => banOverview(server), POLL_MS, shown);
  const admin = usePolling(() => adminAddresses(server), ADMIN_POLL_MS, shown);
  const { busy, run } = useAction(overview.refresh);
  /** The ban whose reasons are shown (Enter), drawn instead of the list. */
  const [why, setWhy] = useSubView<BannedAddress>();

  const list = useListPanel<BannedAddress>({ items: overview.data?.bans ?? NO_BANS, keyOf: banKey, filter, order: orderBans, page: Math.max(1, bodyRows - 8) });
  const { rows: bans, selected } = list;
  const running = overview.data?.running ?? false;

  const banFlow = async (): Promise<void> => {
    const address = (await ask.form(`Ban an address (jail ${MANUAL_JAIL})`, BAN_FIELDS))?.address?.trim();
    if (!address) return;
    const hits = protectedHits(address, admin.data ?? []);
    const force = hits.length > 0;
    const yes = force
      ? (await ask.form(`Ban ${address}? It can lock you out.`, forceFields(hits))) !== undefined
      : await ask.confirm(`Ban ${address} in the ${MANUAL_JAIL} jail?`, 'Fail2ban drops its connections to the mail ports until the ban time is over or you unban it.');
    if (yes) run(force ? 'ban (forced)' : 'ban', `${address} (${MANUAL_JAIL})`, () => banAddress(server, address, { force }));
  };

  const onSelected = (act: (ban: BannedAddress) => unknown) => (): void => void (selected ? act(selected) : setStatus('No ban selected.'));
  useBindings<BansAction>(
    BANS_BINDINGS,
    {
      ...list.moves,
      refresh: () => overview.refresh(),
      ban: () => void banFlow(),
      why: onSelected((ban) => setWhy(ban)),
      unban: onSelected(async (ban) => {
        if (await ask.confirm(`Unban ${ban.address} from ${ban.jail}?`)) unbanAction(run, server, ban, false);
      }),
      unbanAll: onSelected(async (ban) => {
        const jails = jailsOf(overview.data?.bans ?? [], ban.address);
        const question = `Unban ${ban.address} from every jail (${jails.join(', ')})?`;
        if (await ask.confirm(question, 'Every jail is asked, as `setup fail2ban unban` does.')) unbanAction(run, server, ban, true);
      }),
    },
    { isActive: focused && why === undefined, busy, ...(running ? {} : { changesRefused: 'Fail2ban is not running on this server.' }) },
  );

  if (!shown) return null;
  if (why) return <BanWhy ban={why} onClose={() => setWhy(undefined)} />;

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
          <ListPanelRows
            panel={list}
            height={Math.max(1, bodyRows - data.jails.length - 3)}
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
