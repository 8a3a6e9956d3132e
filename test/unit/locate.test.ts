import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { classify, pickMailServer, type Candidate } from '../../src/target/locate.js';

function container(partial: Partial<Docker.ContainerInfo>): Docker.ContainerInfo {
  return { Id: 'abc', Names: ['/c'], Image: 'nginx', State: 'running', Ports: [], Labels: {}, ...partial } as Docker.ContainerInfo;
}

describe('classify', () => {
  it('recognises DMS by image name, with registry and tag', () => {
    expect(classify(container({ Image: 'ghcr.io/docker-mailserver/docker-mailserver:15' }))?.reason).toBe('image');
    expect(classify(container({ Image: 'mailserver/docker-mailserver:latest' }))?.reason).toBe('image');
    expect(classify(container({ Image: 'mailwiz-testbed:1234abcd' }))?.reason).toBe('image');
  });

  it('recognises DMS by its image label, and any container publishing port 25', () => {
    expect(classify(container({ Labels: { 'org.opencontainers.image.title': 'docker-mailserver' } }))?.reason).toBe('label');
    expect(classify(container({ Ports: [{ PrivatePort: 25, Type: 'tcp', IP: '', PublicPort: 25 }] }))?.reason).toBe('smtp-port');
  });

  it('ignores unrelated containers', () => {
    expect(classify(container({ Image: 'postgres:16' }))).toBeUndefined();
    expect(classify(container({ Image: 'mymailserverish/app' }))).toBeUndefined();
  });
});

describe('pickMailServer', () => {
  const dms = (name: string, state = 'running'): Candidate => ({ name, image: 'mailserver/docker-mailserver', state, reason: 'image' });
  const smtp = (name: string): Candidate => ({ name, image: 'postfix', state: 'running', reason: 'smtp-port' });

  it('takes the only running DMS-like container, preferring it over a mere port-25 publisher', async () => {
    expect(await pickMailServer([dms('mail'), dms('old', 'exited'), smtp('relay')])).toBe('mail');
    expect(await pickMailServer([smtp('relay')])).toBe('relay');
  });

  it('fails with the list when several qualify and nobody can be asked, unless one was remembered', async () => {
    await expect(pickMailServer([dms('a'), dms('b')])).rejects.toMatchObject({
      code: 'CONTAINER_AMBIGUOUS',
      details: { candidates: ['a', 'b'] },
    });
    expect(await pickMailServer([dms('a'), dms('b')], { remembered: 'b' })).toBe('b');
    expect(await pickMailServer([dms('a'), dms('b')], { choose: async (c) => c[1]!.name })).toBe('b');
  });

  it('says which mail servers exist when the named one or any running one is missing', async () => {
    await expect(pickMailServer([dms('mail')], { name: 'mailserver' })).rejects.toThrow(
      /no container named "mailserver".*mail \(mailserver\/docker-mailserver, running\)/,
    );
    await expect(pickMailServer([dms('old', 'exited')])).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
    await expect(pickMailServer([])).rejects.toThrow(/No running docker-mailserver container/);
  });
});
