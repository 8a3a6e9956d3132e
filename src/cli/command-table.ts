/**
 * Every command of mailwiz with its help and the flags it takes, so that one parser can pull mailwiz's global
 * options from anywhere in the command line, answer `-h/--help` for any command without running it, and refuse a
 * flag no command knows. The commands' own parsers still read their flags; this table only has to know which of
 * them take a value (so that the value is never mistaken for a global option).
 */

export interface CommandSpec {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** The command's own help: usage lines and options. */
  help: string;
  /** Its flags that take a value (`--answers FILE`). */
  valued: readonly string[];
  /** Its switches; undefined: the command checks its flags itself (subcommands with flags of their own). */
  switches?: readonly string[];
  /** The rest of the command line is the command's grammar untouched (DMS's `setup`: a password may look like a flag). */
  passThrough?: boolean;
}

const ENVIRONMENT = `Environment:
  DOCKER_HOST            the engine to talk to (unix://, tcp://, ssh://), as for docker
  DOCKER_CONTEXT         the Docker context to use when DOCKER_HOST is not set (else the docker CLI's current one)
  DOCKER_CONFIG          where the docker CLI keeps its config and contexts (default ~/.docker)
  MAILWIZ_CONFIG_DIR     where mailwiz keeps its remembered choices and audit log (default ~/.config/mailwiz)
  MAILWIZ_RESOLVER       IP[:PORT] of the DNS resolver the wizard's and check's DNS rules ask
  MAILWIZ_DEBUG=1        as --debug; MAILWIZ_DEBUG_FILE: write those lines to this file (the console's default:
                         debug.log beside the audit log)
  NO_COLOR               no colours; TERM=linux or dumb: ASCII symbols only
`;

export const GLOBAL_OPTIONS = `Options (before or after the command):
  -c, --container NAME   the mail server container (default: found automatically)
      --stack NAME       the mail system (see mailwiz status) to work with
      --context NAME     the Docker context (engine) to use, as docker --context
      --json             machine-readable output (status, check, cert status)
      --read-only        the console shows everything and changes nothing
      --debug            log every engine request (and an exec's command) to stderr
  -h, --help             help of mailwiz or of the command, and nothing else
  -V, --version          print the version
`;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'wizard',
    summary: 'install a mail system step by step (docker-mailserver, or the Kopano stack)',
    help: `mailwiz wizard [--answers FILE] [--image NAME] [--dir DIR]
  The install wizard: pre-flight, identity, accounts, features, DNS, TLS, review, deploy. Ctrl-C keeps the answers.
  --answers FILE   start from these answers (the format of mailwiz init)
  --image NAME     the docker-mailserver image to deploy
  --dir DIR        the folder for compose.yaml and the data
`,
    valued: ['--answers', '--image', '--dir'],
    switches: [],
  },
  {
    name: 'init',
    summary: 'the same from an answers file, for scripts',
    help: `mailwiz init --answers FILE [--yes] [--dry-run] [--no-deploy] [--replace] [--image NAME]
  The wizard without questions: same checks, same files, same deploy (assets/answers.example.yaml).
  --answers FILE   the answers (YAML); exit 2 when they are invalid
  --yes, -y        write and deploy without asking
  --dry-run        print the plan and the files (secrets masked), change nothing
  --no-deploy      write the files only
  --replace        replace existing containers of the same names (their data is kept)
  --image NAME     the docker-mailserver image to deploy
`,
    valued: ['--answers', '--image'],
    switches: ['--yes', '-y', '--dry-run', '--no-deploy', '--replace'],
  },
  {
    name: 'demo',
    summary: 'a demo mail server (example.test, 127.0.0.1 only) / remove it all',
    help: `mailwiz demo [--image NAME]      start a demo server: example.test, every port on 127.0.0.1, sample accounts
mailwiz demo --down [--yes]       remove the demo server, its network and its files
`,
    valued: ['--image'],
    switches: ['--down', '--yes', '-y'],
  },
  {
    name: 'console',
    summary: 'the admin console (accounts, queue, logs, bans, health)',
    help: `mailwiz console [SCREEN]
  The full-screen admin console of the mail server (or stack); needs a terminal (over ssh: ssh -t).
  SCREEN   accounts, queue, logs, bans or health (default: accounts); --read-only changes nothing
`,
    valued: [],
    switches: [],
  },
  {
    name: 'status',
    summary: 'every mail system on the engine: kind, members, roles, health',
    help: `mailwiz status [--json] [--all-contexts]
  Every mail system on the engine with its members, their roles and health; with --stack or -c, that one.
  --all-contexts   the same for every Docker context (engine) the docker CLI knows, asked at once; an engine
                   that does not answer within 5 s is shown as unreachable
  Exit 0 when the systems shown are up (and every engine answered), 1 when not.
`,
    valued: [],
    switches: ['--all-contexts'],
  },
  {
    name: 'check',
    summary: 'every DNS and TLS check; exit 0 no problem (advice allowed), 1 warnings, 2 failures',
    help: '',
    valued: ['--resolver', '--domain', '--ip', '--ca', '--timeout', '--dnsbl', '--host', '--dkim-selector', '--dkim-key', '--dkim-record'],
    switches: ['--no-dnsbl', '--strict', '--dns-only'],
  },
  {
    name: 'cert',
    summary: "Let's Encrypt certificates over ACME, renewed by cron",
    help: '',
    valued: ['--name', '--dir', '--email', '--acme-directory', '--acme-ca', '--http-port', '--key-type', '--days'],
  },
  {
    name: 'setup',
    summary: "docker-mailserver's setup command (mailwiz setup help)",
    help: '',
    valued: [],
    passThrough: true,
  },
  {
    name: 'install-setup',
    summary: 'make "docker exec <container> setup …" run mailwiz (survives re-creation)',
    help: `mailwiz install-setup
  Copies mailwiz into the container's config volume and makes "docker exec <container> setup …" run it, with DMS's
  own setup kept as setup.dms; user-patches.sh puts it back after the container is re-created.
`,
    valued: [],
    switches: [],
  },
  {
    name: 'completion',
    summary: 'shell completion: eval "$(mailwiz completion bash)" (bash, zsh, fish)',
    help: `mailwiz completion bash|zsh|fish
  Prints the completion script for the shell. bash: eval "$(mailwiz completion bash)" in ~/.bashrc;
  zsh: the same with zsh; fish: mailwiz completion fish | source (in config.fish).
`,
    valued: [],
    switches: [],
  },
];

export function commandSpec(name: string | undefined): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The top-level help: every command, the global options, the environment. */
export function topUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  mailwiz ${c.name.padEnd(width)}  ${c.summary}`);
  return `mailwiz — install and run your Docker mail server from the terminal

Usage:
  mailwiz ${''.padEnd(width)}  the console when a mail server runs here, else the install wizard
${lines.join('\n')}
  mailwiz help COMMAND${''.padEnd(Math.max(0, width - 12))}  the help of a command (also: mailwiz COMMAND --help)

${GLOBAL_OPTIONS}
${ENVIRONMENT}`;
}
