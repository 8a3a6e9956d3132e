import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/** `mailwiz completion bash` loaded into a real bash, asked as bash asks it (COMP_WORDS, COMP_CWORD). */

async function complete(script: string, line: string[]): Promise<string[]> {
  const program = `${script}\nCOMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${line.length - 1}; _mailwiz; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = await execa('bash', ['--norc', '-c', program]);
  return result.stdout.split('\n').filter(Boolean);
}

describe('shell completion', () => {
  it('bash completes commands, global options, a command\'s flags and setup\'s DMS words', async () => {
    const generated = await runCli(['completion', 'bash']);
    expect(generated.exitCode, generated.stderr).toBe(0);
    const script = generated.stdout;
    expect(await complete(script, ['mailwiz', 'st'])).toEqual(['status']);
    expect(await complete(script, ['mailwiz', '--con'])).toEqual(['--container', '--context']);
    expect(await complete(script, ['mailwiz', '-c', 'mailserver', 'se'])).toEqual(['setup']);
    expect(await complete(script, ['mailwiz', 'init', '--d'])).toEqual(['--dry-run']);
    expect(await complete(script, ['mailwiz', 'setup', 'em'])).toEqual(['email']);
    expect(await complete(script, ['mailwiz', 'setup', 'email', ''])).toEqual(['add', 'update', 'del', 'restrict', 'list']);
    expect(await complete(script, ['mailwiz', 'setup', 'email', 'add', ''])).toEqual([]);
    expect(await complete(script, ['mailwiz', 'cert', 'o'])).toEqual(['obtain']);
  });

  it('zsh and fish scripts are printed; an unknown shell is refused with the usage', async () => {
    expect((await runCli(['completion', 'zsh'])).stdout).toMatch(/bashcompinit[\s\S]*complete -F _mailwiz mailwiz/);
    expect((await runCli(['completion', 'fish'])).stdout).toMatch(/^complete -c mailwiz -n __fish_use_subcommand -a status /m);
    const bad = await runCli(['completion', 'tcsh']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/completion: which shell\? bash, zsh or fish\n\nmailwiz completion bash\|zsh\|fish/);
  });
});
