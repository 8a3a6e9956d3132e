import { stat, readFile } from 'node:fs/promises';
import { parseAnswersFile } from '../../dms/wizard-answers-file.js';
import { imageProblem, mailSystem, type WizardAnswers } from '../../dms/wizard-answers.js';
import { maskSecrets } from '../../dms/text-diff.js';
import { answersSummary } from '../../../wizards/answers-summary.js';
import { deployPrinter, parseFlags, printDeployResult } from './deploy-output.js';
import { testLabels } from './wizard.js';

const USAGE = 'usage: mailwiz init --answers FILE [--yes] [--dry-run] [--no-deploy] [--replace] [--image NAME]\n';

/** Exit codes, as the wizard's: 0 done, 1 failed on the way (engine, deploy), 2 bad command line or answers. */
const BAD_INPUT = 2;

async function loadAnswers(file: string, image: string | undefined): Promise<WizardAnswers | string> {
  const text = await readFile(file, 'utf8').catch((error: Error) => error);
  if (text instanceof Error) return `cannot read ${file}: ${text.message}`;
  const { answers, problems } = parseAnswersFile(text, process.cwd());
  if (image) {
    answers.image = image;
    const problem = imageProblem(image);
    if (problem) problems.push({ field: 'image', message: problem });
  }
  if (problems.length > 0) return problems.map((p) => `${file}: ${p.field}: ${p.message}`).join('\n');
  const mode = (await stat(file)).mode & 0o077;
  if (mode !== 0 && /password:\s*\S/i.test(text)) {
    process.stderr.write(`mailwiz init: warning: ${file} holds passwords and other users can read it (chmod 600 ${file})\n`);
  }
  return answers;
}

async function confirm(message: string): Promise<boolean> {
  const { default: ask } = await import('@inquirer/confirm');
  return ask({ message, default: false });
}

/** `mailwiz init --answers FILE`: the wizard without questions: same checks, same files, same deploy. */
export async function initCommand(args: string[], options: { container?: string }): Promise<number> {
  const flags = parseFlags(args, ['--answers', '--image'], ['--yes', '-y', '--dry-run', '--no-deploy', '--replace']);
  if (typeof flags === 'string' || !flags.values['--answers']) {
    process.stderr.write(`mailwiz init: ${typeof flags === 'string' ? flags : '--answers FILE is required'}\n${USAGE}`);
    return BAD_INPUT;
  }
  const yes = flags.on.has('--yes') || flags.on.has('-y');
  const answers = await loadAnswers(flags.values['--answers'], flags.values['--image']);
  if (typeof answers === 'string') {
    process.stderr.write(`${answers}\n`);
    return BAD_INPUT;
  }
  const kopano = mailSystem(answers) === 'kopano';
  if (options.container) answers.containerName = options.container;
  const { compareFiles, dataDirs, MASKED_VARS, planFiles } = await import('../../services/deploy/plan-files.js');
  const files = await compareFiles(planFiles(answers));
  const pending = files.filter((f) => f.status === 'new' || f.status === 'changed');
  const out = (text: string): void => void process.stdout.write(text);
  out(`${answersSummary(answers).join('\n')}\n\n`);
  for (const file of files) out(`${file.status.padEnd(8)} ${file.path}${file.mode === 0o600 ? ' (0600)' : ''}\n${file.diff.map((l) => `    ${l}\n`).join('')}`);

  const deploying = !flags.on.has('--no-deploy');
  if (flags.on.has('--dry-run')) {
    for (const file of pending.filter((f) => !f.path.endsWith('.pem'))) {
      out(`\n--- ${file.path}\n${file.content.split('\n').map((l) => maskSecrets(l, MASKED_VARS)).join('\n')}`);
    }
    if (deploying && kopano) {
      const k = answers.kopano;
      out(`\nWould then: pull ${k ? Object.values(k.images).join(', ') : 'the images'}; make the network and volumes; create and start `);
      out(`each service with compose's labels; wait until the MTA hands mail to Kopano; print the DNS records.\n`);
    } else if (deploying) {
      out(`\nWould then: pull ${answers.image}; create and start ${answers.containerName} with compose's labels; `);
      out(answers.provisioner === 'file' ? `add ${answers.firstAccount?.address}; ` : '');
      out(`wait until it is healthy; make DKIM keys; print the DNS records.\n`);
    }
    out('\n(dry run: nothing was written or started)\n');
    return 0;
  }
  if (!yes) {
    if (!process.stdin.isTTY) {
      process.stderr.write('mailwiz init: add --yes to write the files and deploy without asking (stdin is not a terminal)\n');
      return BAD_INPUT;
    }
    const what = `${pending.length ? `Write ${pending.length} file(s) to ${answers.directory}` : 'Keep the files as they are'}${deploying ? ` and deploy ${kopano ? 'the Kopano stack' : answers.containerName}` : ''}?`;
    if (!(await confirm(what))) {
      out('Nothing was changed.\n');
      return 1;
    }
  }
  const { writeFiles } = await import('../../services/deploy/write-files.js');
  const written = await writeFiles(answers.directory, files, new Date(), dataDirs(answers));
  for (const backup of written.backups) out(`backup   ${backup}\n`);
  if (!deploying) {
    out(`Files written. Start later: cd ${answers.directory} && docker compose up -d\n`);
    return 0;
  }
  const { deploy, DeployError } = await import('../../services/deploy/deploy.js');
  const run = kopano ? (await import('../../services/deploy/deploy-kopano.js')).deployKopano : deploy;
  try {
    const result = await run(answers, { replaceExisting: flags.on.has('--replace'), onEvent: deployPrinter(), labels: testLabels() });
    printDeployResult(result, answers.directory);
    return 0;
  } catch (error) {
    if (error instanceof DeployError) {
      process.stderr.write(`mailwiz init: ${error.message}${error.code === 'CONTAINER_EXISTS' ? ` Add --replace to replace ${kopano ? 'them (their volumes are kept)' : 'it (its data is kept)'}.` : ''}\n`);
      if (error.detail) process.stderr.write(`${error.detail}\n`);
      return 1;
    }
    throw error;
  }
}
