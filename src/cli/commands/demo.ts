import { connectEngine } from '../../target/index.js';
import { deployPrinter, parseFlags, printDeployResult } from './deploy-output.js';
import { testLabels } from './wizard.js';

const USAGE = 'usage: mailwiz demo [--image NAME]    mailwiz demo --down [--yes]\n';

async function down(yes: boolean): Promise<number> {
  const { demoDirectory, removeDemo, DEMO_CONTAINER } = await import('../../services/deploy/demo.js');
  const directory = demoDirectory();
  if (!yes) {
    if (!process.stdin.isTTY) {
      process.stderr.write(`mailwiz demo --down: add --yes to remove ${DEMO_CONTAINER} and ${directory} without asking\n`);
      return 2;
    }
    const { default: confirm } = await import('@inquirer/confirm');
    if (!(await confirm({ message: `Remove the demo container ${DEMO_CONTAINER}, its network and ${directory} (all demo mail)?`, default: false }))) {
      process.stdout.write('Nothing was removed.\n');
      return 1;
    }
  }
  const removed = await removeDemo(await connectEngine(), directory);
  process.stdout.write(`Removed: ${removed.join(', ')}\n`);
  return 0;
}

/** `mailwiz demo`: a local mail server on 127.0.0.1 with sample accounts, in a minute, with no domain needed. */
export async function demoCommand(args: string[], options: { container?: string }): Promise<number> {
  const flags = parseFlags(args, ['--image'], ['--down', '--yes', '-y']);
  if (typeof flags === 'string') {
    process.stderr.write(`mailwiz demo: ${flags}\n${USAGE}`);
    return 2;
  }
  if (options.container) process.stderr.write('mailwiz demo: -c is ignored: the demo container is always mailwiz-demo\n');
  if (flags.on.has('--down')) return down(flags.on.has('--yes') || flags.on.has('-y'));
  await connectEngine();
  const [{ demoPlan }, { compareFiles, planFiles }, { writeFiles }, { deploy, DeployError }] = await Promise.all([
    import('../../services/deploy/demo.js'),
    import('../../services/deploy/plan-files.js'),
    import('../../services/deploy/write-files.js'),
    import('../../services/deploy/deploy.js'),
  ]);
  const plan = await demoPlan({ image: flags.values['--image'] });
  const { answers } = plan;
  const out = (text: string): void => void process.stdout.write(text);
  out(`mailwiz demo: ${answers.hostname} in ${answers.directory}, ports on 127.0.0.1 only\n`);
  for (const moved of plan.movedPorts) out(`  port ${moved.port} is taken here: the demo uses 127.0.0.1:${moved.hostPort}\n`);
  await writeFiles(answers.directory, await compareFiles(planFiles(answers)));
  try {
    const result = await deploy(answers, {
      replaceExisting: true,
      onEvent: deployPrinter(),
      labels: testLabels(),
      extraAccounts: plan.accounts,
      extraAliases: plan.aliases,
    });
    printDeployResult(result, answers.directory);
  } catch (error) {
    if (error instanceof DeployError) {
      process.stderr.write(`mailwiz demo: ${error.message}\n${error.detail ?? ''}\n`);
      return 1;
    }
    throw error;
  }
  const port = (p: number): number => answers.publish.ports?.[String(p)] ?? p;
  out('\nAccounts (passwords are shown only now):\n');
  for (const account of [answers.firstAccount!, ...plan.accounts]) out(`  ${account.address}  ${account.password}\n`);
  out(`Aliases: postmaster@ -> admin@, info@ -> alice@ and bob@\n`);
  out(`IMAP 127.0.0.1:${port(143)} (STARTTLS) / ${port(993)} (TLS) · SMTP 127.0.0.1:${port(25)} · submission ${port(587)}/${port(465)}\n`);
  out(`The certificate is self-signed; its CA: ${answers.directory}/docker-data/dms/config/ssl/demoCA/cacert.pem\n`);
  out('Remove it all: mailwiz demo --down\n');
  return 0;
}
