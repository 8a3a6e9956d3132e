import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createElement } from 'react';
import { parseAnswersFile } from '../../dms/wizard-answers-file.js';
import { defaultAnswers, imageProblem, type WizardAnswers } from '../../dms/wizard-answers.js';
import { loadProgress } from '../../services/deploy/saved-answers.js';
import { parseFlags } from './deploy-output.js';

const USAGE = 'usage: mailwiz wizard [--answers FILE] [--image NAME] [--dir DIR]\n';

/** Defaults, then a seed file's answers (the wizard asks the rest), then --image / --dir. */
async function startingAnswers(values: Record<string, string>): Promise<WizardAnswers | string> {
  let answers = defaultAnswers(process.cwd());
  const seed = values['--answers'];
  if (seed) {
    const text = await readFile(seed, 'utf8').catch((error: Error) => error);
    if (text instanceof Error) return `cannot read ${seed}: ${text.message}`;
    const parsed = parseAnswersFile(text, process.cwd(), false);
    if (parsed.problems.length > 0) return parsed.problems.map((p) => `${seed}: ${p.field}: ${p.message}`).join('\n');
    answers = parsed.answers;
  }
  if (values['--image']) answers.image = values['--image'];
  if (values['--dir']) answers.directory = resolve(values['--dir']);
  return imageProblem(answers.image) ?? answers;
}

/** `mailwiz wizard`: the interactive install wizard (Ink). Needs a terminal; scripts use `mailwiz init`. */
export async function wizardCommand(args: string[], options: { container?: string }): Promise<number> {
  const flags = parseFlags(args, ['--answers', '--image', '--dir'], []);
  if (typeof flags === 'string') {
    process.stderr.write(`mailwiz wizard: ${flags}\n${USAGE}`);
    return 2;
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stderr.write(
      'mailwiz wizard needs an interactive terminal (stdin and stdout). In a script, use:\n  mailwiz init --answers answers.yaml --yes\n',
    );
    return 1;
  }
  const initial = await startingAnswers(flags.values);
  if (typeof initial === 'string') {
    process.stderr.write(`mailwiz wizard: ${initial}\n`);
    return 2;
  }
  if (options.container) initial.containerName = options.container;
  const [{ render }, { Wizard }, { realServices }] = await Promise.all([
    import('ink'),
    import('../../../wizards/wizard.js'),
    import('../../../wizards/wizard-services.js'),
  ]);
  // MAILWIZ_RESOLVER (IP[:PORT]): the DNS checks ask it instead of the system's resolver, as on the Health screen.
  const services = realServices({ deployLabels: testLabels(), dnsResolver: process.env.MAILWIZ_RESOLVER || undefined });
  await services.audit('wizard.start', initial.directory, 'ok');
  let outcome: { code: number; message: string } | undefined;
  const app = render(
    createElement(Wizard, {
      initial,
      services,
      saved: loadProgress(),
      onExit: (code: number, message: string) => {
        outcome = { code, message };
        app.unmount();
      },
    }),
  );
  await app.waitUntilExit();
  if (!outcome) {
    process.stdout.write('\nStopped. Nothing half-written; your answers are kept: run mailwiz again to resume.\n');
    return 130;
  }
  process.stdout.write(`\n${outcome.message}\n`);
  return outcome.code;
}

/** Test runs mark what they create so their cleanup finds it (MAILWIZ_TEST_LABEL=key=value). */
export function testLabels(): Record<string, string> | undefined {
  const spec = process.env.MAILWIZ_TEST_LABEL;
  const at = spec?.indexOf('=') ?? -1;
  return spec && at > 0 ? { [spec.slice(0, at)]: spec.slice(at + 1) } : undefined;
}
