import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the npm package', () => {
  it('ships only the built program, assets and setup.sh, and runs from the tarball on its own', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mailwiz-pack-'));
    const pack = await execa('npm', ['pack', '--json', '--pack-destination', out], { cwd: ROOT });
    const [info] = JSON.parse(String(pack.stdout)) as [{ filename: string; files: { path: string }[] }];
    const paths = info.files.map((f) => f.path);
    expect(paths).toContain('dist/mailwiz.js');
    expect(paths).toContain('setup.sh');
    expect(paths.filter((p) => !/^(dist\/|assets\/|setup\.sh$|package\.json$|README\.md$|LICENSE$)/.test(p))).toEqual([]);

    // A machine without the repository: a folder with only the tarball, and `npx ./mailwiz-<version>.tgz`.
    const run = await execa('npx', ['--yes', `./${info.filename}`, '--version'], {
      cwd: out,
      env: { npm_config_cache: join(out, '.npm') },
      reject: false,
    });
    expect(run.stdout.trim()).toBe(JSON.parse(String((await execa('npm', ['pkg', 'get', 'version'], { cwd: ROOT })).stdout)));
    expect(run.exitCode).toBe(0);
  }, 120_000);
});
