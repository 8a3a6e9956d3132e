import { COMMANDS } from './command-table.js';

/**
 * Shell completion generated from the command table: commands, their flags, the global options, and for `setup`
 * DMS's command words. bash directly; zsh through its bash compatibility (bashcompinit); fish with its own lines.
 */

const GLOBAL_FLAGS = ['-c', '--container', '--stack', '--context', '--json', '--read-only', '--debug', '-h', '--help', '-V', '--version'];
const SETUP_WORDS: Record<string, string[]> = {
  email: ['add', 'update', 'del', 'restrict', 'list'],
  alias: ['add', 'del', 'list'],
  quota: ['set', 'del', 'list'],
  'dovecot-master': ['add', 'update', 'del', 'list'],
  config: ['dkim'],
  relay: ['add-auth', 'add-domain', 'exclude-domain'],
  fail2ban: ['ban', 'unban', 'log', 'status'],
  debug: ['fetchmail', 'getmail', 'login', 'show-mail-logs'],
};
const SUBCOMMANDS: Record<string, string[]> = {
  cert: ['obtain', 'renew', 'status', 'cron', 'certbot', 'help'],
  console: ['accounts', 'queue', 'logs', 'bans', 'health'],
  setup: [...Object.keys(SETUP_WORDS), 'help'],
};

function flagsOf(name: string): string[] {
  const spec = COMMANDS.find((c) => c.name === name);
  return spec ? [...spec.valued, ...(spec.switches ?? [])] : [];
}

function bash(): string {
  const commands = [...COMMANDS.map((c) => c.name), 'help'].join(' ');
  const cases = COMMANDS.map((c) => {
    const words = [...(SUBCOMMANDS[c.name] ?? []), ...flagsOf(c.name)].join(' ');
    return `    ${c.name}) words="${words}" ;;`;
  }).join('\n');
  const setupCases = Object.entries(SETUP_WORDS)
    .map(([word, subs]) => `      ${word}) words="${subs.join(' ')}" ;;`)
    .join('\n');
  return `# mailwiz completion for bash (and zsh with bashcompinit): eval "$(mailwiz completion bash)"
_mailwiz() {
  local cur=\${COMP_WORDS[COMP_CWORD]} command='' setup_word='' setup_done='' i w words
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case $w in
      -c|--container|--stack|--context) ((i++)) ;;
      -*) ;;
      *) if [[ -z $command ]]; then command=$w; elif [[ $command == setup && -z $setup_word ]]; then setup_word=$w; elif [[ $command == setup ]]; then setup_done=1; fi ;;
    esac
  done
  if [[ -z $command ]]; then
    words="${commands} ${GLOBAL_FLAGS.join(' ')}"
  elif [[ -n $setup_done ]]; then
    words=''
  elif [[ $command == setup && -n $setup_word ]]; then
    case $setup_word in
${setupCases}
      *) words='' ;;
    esac
  else
    case $command in
${cases}
      help) words="${COMMANDS.map((c) => c.name).join(' ')}" ;;
      *) words='' ;;
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _mailwiz mailwiz
`;
}

function zsh(): string {
  return `# mailwiz completion for zsh: eval "$(mailwiz completion zsh)"
autoload -Uz bashcompinit && bashcompinit
${bash().split('\n').slice(1).join('\n')}`;
}

function fish(): string {
  const lines = ['# mailwiz completion for fish: mailwiz completion fish | source', 'complete -c mailwiz -f'];
  for (const c of COMMANDS) lines.push(`complete -c mailwiz -n __fish_use_subcommand -a ${c.name} -d ${JSON.stringify(c.summary)}`);
  for (const flag of GLOBAL_FLAGS.filter((f) => f.startsWith('--'))) lines.push(`complete -c mailwiz -l ${flag.slice(2)}`);
  for (const c of COMMANDS) {
    for (const sub of SUBCOMMANDS[c.name] ?? []) lines.push(`complete -c mailwiz -n "__fish_seen_subcommand_from ${c.name}" -a ${sub}`);
    for (const flag of flagsOf(c.name).filter((f) => f.startsWith('--'))) lines.push(`complete -c mailwiz -n "__fish_seen_subcommand_from ${c.name}" -l ${flag.slice(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

const SHELLS = { bash, zsh, fish } as const;

export function completionScript(shell: string): string | undefined {
  return Object.hasOwn(SHELLS, shell) ? SHELLS[shell as keyof typeof SHELLS]() : undefined;
}
