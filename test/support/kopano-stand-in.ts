import Docker from 'dockerode';
import { DockerTarget } from '../../src/target/index.js';
import { ensureStandInImage } from '../env/stand-in-images.js';
import { TEST_LABEL, testRunId } from './cleanup.js';
import { eventually } from './eventually.js';
import { requireEnvironment } from './testbed.js';

/**
 * The Kopano stack of mlan's compose example, as far as it can run here: `mta` is the postfix-amavis stand-in (a
 * real Postfix and Amavis), `app` a delivery sink on LMTP 2003 standing where kopano-dagent would. Both carry compose
 * labels of one project and the real images' names; SMTP is published on 127.0.0.1 only.
 */
export interface KopanoStandIn {
  project: string;
  mta: string;
  app: string;
  smtpPort: number;
  docker: Docker;
  /** Files the sink stored, one per delivered message. */
  delivered(): Promise<string[]>;
  remove(): Promise<void>;
}

export const MTA_IMAGE = 'mlan/postfix-amavis:mailwiz-stand-in';
export const APP_IMAGE = 'mlan/kopano:mailwiz-delivery-sink';

export async function startKopanoStandIn(options: { syslogLevel?: number; mailDomain?: string } = {}): Promise<KopanoStandIn> {
  requireEnvironment();
  const docker = new Docker();
  await ensureStandInImage('postfix-amavis', MTA_IMAGE);
  await ensureStandInImage('lmtp-sink', APP_IMAGE);
  const project = `kopano-${testRunId()}-${Math.random().toString(36).slice(2, 7)}`;
  const network = await docker.createNetwork({ Name: `${project}_backend`, Labels: { [TEST_LABEL]: testRunId() } });
  const labels = (service: string): Record<string, string> => ({
    [TEST_LABEL]: testRunId(),
    'com.docker.compose.project': project,
    'com.docker.compose.service': service,
  });
  const endpoint = (alias: string) => ({ EndpointsConfig: { [`${project}_backend`]: { Aliases: [alias] } } });
  const domain = options.mailDomain ?? 'example.test';
  const app = await docker.createContainer({
    name: `${project}-app-1`,
    Image: APP_IMAGE,
    Labels: labels('app'),
    Env: ['USER_PLUGIN=db', 'MYSQL_HOST=db', 'SMTP_SERVER=mta', 'LMTP_LISTEN=*:2003'],
    HostConfig: { NetworkMode: `${project}_backend` },
    NetworkingConfig: endpoint('app'),
  });
  const mta = await docker.createContainer({
    name: `${project}-mta-1`,
    Image: MTA_IMAGE,
    Hostname: 'mx',
    Domainname: domain,
    Labels: labels('mta'),
    Env: [`MAIL_DOMAIN=${domain}`, 'VIRTUAL_TRANSPORT=lmtp:app:2003', `SYSLOG_LEVEL=${options.syslogLevel ?? 5}`],
    ExposedPorts: { '25/tcp': {} },
    HostConfig: { NetworkMode: `${project}_backend`, PortBindings: { '25/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, Dns: ['127.0.0.1'] },
    NetworkingConfig: endpoint('mta'),
  });
  await app.start();
  await mta.start();
  const smtpPort = Number((await mta.inspect()).NetworkSettings.Ports['25/tcp']?.[0]?.HostPort);
  const mtaTarget = new DockerTarget(docker, `${project}-mta-1`);
  const appTarget = new DockerTarget(docker, `${project}-app-1`);
  const ready = await eventually(async () => {
    const status = await mtaTarget.exec(['sh', '-c', 'sv status /etc/service/*']);
    // Postfix on 25 and 10025, Amavis on 10024: the whole path is open.
    const listening = await mtaTarget.exec(['sh', '-c', 'ss -ltn > /tmp/ports; grep -q ":25 " /tmp/ports && grep -q ":10024 " /tmp/ports && grep -q ":10025 " /tmp/ports']);
    return (status.stdout.match(/^run:/gm) ?? []).length === 3 && listening.exitCode === 0;
  }, 90_000);
  if (!ready) throw new Error(`the ${project} mta stand-in did not start its three services in time`);
  return {
    project,
    mta: `${project}-mta-1`,
    app: `${project}-app-1`,
    smtpPort,
    docker,
    async delivered() {
      const listing = await appTarget.exec(['ls', '/var/lib/delivery-sink']);
      return listing.stdout.split('\n').filter((f) => f.endsWith('.eml'));
    },
    async remove() {
      await Promise.all([mta.remove({ force: true }).catch(() => undefined), app.remove({ force: true }).catch(() => undefined)]);
      await network.remove().catch(() => undefined);
    },
  };
}
