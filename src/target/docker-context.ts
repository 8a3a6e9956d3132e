import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Which engine to talk to, chosen as the docker CLI chooses it: `--context NAME`, else DOCKER_HOST, else
 * DOCKER_CONTEXT, else the current context of the docker CLI's config (`currentContext` in
 * $DOCKER_CONFIG/config.json), else the default socket. A context's endpoint and TLS files are where the docker CLI
 * keeps them: contexts/meta/<sha256 of the name>/meta.json and contexts/tls/<same>/docker/{ca,cert,key}.pem.
 */

export interface EngineChoice {
  /** What the user would look for in a message: the context's name or the address. */
  describe: string;
  /** The endpoint: unix://…, tcp://…, ssh://…; undefined: DOCKER_HOST or the default, as dockerode reads them. */
  host?: string;
  context?: string;
  tls?: { ca?: string; cert?: string; key?: string; skipVerify: boolean };
}

export class DockerContextError extends Error {
  override name = 'DockerContextError';
}

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(homedir(), '.docker');
}

function currentContext(configDir: string): string | undefined {
  try {
    const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' && config.currentContext !== '' ? config.currentContext : undefined;
  } catch {
    return undefined;
  }
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/** A named context's endpoint and TLS files; `default` is the default socket (or DOCKER_HOST), as for docker. */
export function readContext(name: string, configDir: string): EngineChoice {
  if (name === 'default') return { describe: 'context default', context: name };
  const id = createHash('sha256').update(name).digest('hex');
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  let meta: ContextMeta;
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8')) as ContextMeta;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DockerContextError(
      code === 'ENOENT' ? `There is no Docker context "${name}" (docker context ls lists them; ${metaFile} is missing)` : `The Docker context "${name}" cannot be read (${metaFile}: ${(error as Error).message})`,
    );
  }
  const endpoint = meta.Endpoints?.docker;
  if (!endpoint?.Host) throw new DockerContextError(`The Docker context "${name}" names no docker endpoint (${metaFile})`);
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const file = (n: string): string | undefined => (existsSync(join(tlsDir, n)) ? join(tlsDir, n) : undefined);
  const [ca, cert, key] = [file('ca.pem'), file('cert.pem'), file('key.pem')];
  const tls = ca || cert || key || endpoint.SkipTLSVerify ? { ca, cert, key, skipVerify: endpoint.SkipTLSVerify === true } : undefined;
  return { describe: `context ${name} (${endpoint.Host})`, host: endpoint.Host, context: name, ...(tls ? { tls } : {}) };
}

export function chooseEngine(options: { context?: string; env?: NodeJS.ProcessEnv } = {}): EngineChoice {
  const env = options.env ?? process.env;
  const configDir = dockerConfigDir(env);
  if (options.context) return readContext(options.context, configDir);
  // ssh:// is reached by mailwiz itself (host key checked against known_hosts); unix:// and tcp:// by dockerode.
  if (env.DOCKER_HOST) return { describe: env.DOCKER_HOST, ...(env.DOCKER_HOST.startsWith('ssh://') ? { host: env.DOCKER_HOST } : {}) };
  const name = env.DOCKER_CONTEXT || currentContext(configDir);
  if (name && name !== 'default') return readContext(name, configDir);
  return { describe: DEFAULT_SOCKET };
}

/** Every context the docker CLI knows: `default` first, then the ones in $DOCKER_CONFIG/contexts/meta by name. */
export function listContexts(env: NodeJS.ProcessEnv = process.env): string[] {
  const metaDir = join(dockerConfigDir(env), 'contexts', 'meta');
  const names: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(metaDir);
  } catch {
    // no contexts beside the default
  }
  for (const id of entries) {
    try {
      const meta = JSON.parse(readFileSync(join(metaDir, id, 'meta.json'), 'utf8')) as ContextMeta;
      if (meta.Name && meta.Name !== 'default') names.push(meta.Name);
    } catch {
      // not a context folder
    }
  }
  return ['default', ...names.sort()];
}
