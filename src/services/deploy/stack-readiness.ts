import type { HealthSnapshot } from '../health.js';

/**
 * Whether a freshly started stack takes mail, from its Health snapshot: every member runs, every daemon its
 * supervisor should run is running, and the MTA's LMTP hand-over to the groupware answers. Otherwise what is still
 * awaited, and whether waiting can help (a member that stopped will not come back by itself).
 */
export type StackReadiness = { ready: true } | { ready: false; waitingFor: string; stopped?: string };

export function stackReadiness(snapshot: Pick<HealthSnapshot, 'members' | 'lmtp'>): StackReadiness {
  const members = snapshot.members ?? [];
  const stopped = members.find((m) => m.state === 'exited' || m.state === 'dead' || m.state === 'gone');
  if (stopped) return { ready: false, waitingFor: `${stopped.name} (${stopped.role})`, stopped: stopped.name };
  const notRunning = members.find((m) => m.state !== 'running');
  if (notRunning) return { ready: false, waitingFor: `${notRunning.name} (${notRunning.role}) is ${notRunning.state}` };
  for (const member of members) {
    const daemon = member.programs.find((p) => !p.off && p.state !== 'RUNNING');
    if (daemon) return { ready: false, waitingFor: `${daemon.name} in ${member.name} (${daemon.state.toLowerCase()})` };
  }
  if (snapshot.lmtp && !snapshot.lmtp.ok) {
    return { ready: false, waitingFor: `the groupware's LMTP at ${snapshot.lmtp.destination} (${snapshot.lmtp.answer})` };
  }
  return { ready: true };
}
