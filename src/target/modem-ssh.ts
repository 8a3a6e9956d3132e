/** Where the bundle's stand-in for docker-modem's ssh transport finds the real one (see tsup.config.ts). */
export const MODEM_SSH_TRANSPORT = 'mailwiz.modemSshTransport';

/**
 * Loads docker-modem's ssh transport, and ssh2 with it, only for an ssh:// engine: the bundle leaves both out of
 * every other connection's load.
 */
export async function loadModemSsh(): Promise<void> {
  // @ts-expect-error docker-modem ships no types for its internal modules.
  const { default: transport } = (await import('docker-modem/lib/ssh.js')) as { default: unknown };
  (globalThis as Record<symbol, unknown>)[Symbol.for(MODEM_SSH_TRANSPORT)] = transport;
}
