/** The one seam between mailwiz and a mail server: a container over the Docker API, or the machine we run on. */

export interface ExecOptions {
  /** Fed to the command's standard input, then closed. This is how secrets travel: never in argv. */
  stdin?: string | Buffer;
  /**
   * A conversation instead of `stdin`: called with each piece of standard output as it arrives, until it returns the
   * bytes to answer with; they are sent and standard input is closed. If it throws, standard input is closed with
   * nothing sent, and `exec` rejects with that error once the command has ended.
   */
  reply?: (chunk: Buffer) => Buffer | undefined;
  /** Ends the command (inside the container too) after this many milliseconds. Default 60 s. */
  timeoutMs?: number;
  user?: string;
  env?: Record<string, string>;
  /** Output beyond this many bytes per stream is dropped and `truncated` is set. Default 64 MiB. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  /** Standard output decoded as UTF-8 (invalid bytes become U+FFFD): for messages and listings. */
  stdout: string;
  /** Standard output as the command wrote it: for file contents, which are bytes. */
  stdoutBytes: Buffer;
  stderr: string;
  exitCode: number;
  truncated: boolean;
}

export interface WriteOptions {
  /** Mode for a new file; an existing file keeps its own mode and owner. Default 0644. */
  mode?: number;
}

export interface FollowOptions {
  /** Follow this file instead of the server's own output. */
  file?: string;
  /** Start with this many lines of history. Default 0. */
  tail?: number;
  /** Only lines written at or after this time (server output only). */
  since?: Date;
  signal?: AbortSignal;
}

export type LogEvent =
  | { kind: 'line'; line: string; stream: 'stdout' | 'stderr'; time?: Date }
  /** Something happened to the stream itself: the container stopped, came back, the file was replaced. */
  | { kind: 'status'; message: string };

export interface PortBinding {
  containerPort: number;
  protocol: string;
  hostIp: string;
  hostPort: number;
}

export interface MountInfo {
  type: string;
  source: string;
  destination: string;
}

/** A network the container is attached to (Docker only): its address there and the gateway host traffic comes from. */
export interface NetworkInfo {
  name: string;
  ipAddress: string;
  gateway: string;
  ipv6Gateway: string;
}

export interface TargetInfo {
  name: string;
  id: string;
  image: string;
  state: string;
  health?: string;
  startedAt?: Date;
  hostname: string;
  ports: PortBinding[];
  env: Record<string, string>;
  mounts: MountInfo[];
  labels: Record<string, string>;
  /** Absent when the target cannot tell (the local machine). */
  networks?: NetworkInfo[];
}

export interface Target {
  readonly kind: 'docker' | 'local';
  /** What to call it in messages: the container's name, or "this machine". */
  readonly name: string;
  /** False for a config folder alone (`setup -p DIR`): no server, no commands but the config store's own. */
  readonly runsCommands: boolean;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Throws a TargetError with code FILE_NOT_FOUND when the file is absent. */
  readFile(path: string): Promise<string>;
  /** Atomic: written to a temporary file beside it, then renamed over it. */
  writeFile(path: string, content: string | Buffer, options?: WriteOptions): Promise<void>;
  exists(path: string): Promise<boolean>;
  followLogs(options?: FollowOptions): AsyncIterable<LogEvent>;
  info(): Promise<TargetInfo>;
}

export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
