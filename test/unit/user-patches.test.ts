import { describe, expect, it } from 'vitest';
import { INSTALLER, withInstallerLine } from '../../src/dms/user-patches.js';

describe('withInstallerLine', () => {
  it('creates a user-patches.sh that runs the installer', () => {
    expect(withInstallerLine('')).toBe(`#!/bin/bash\n# mailwiz: use mailwiz as the setup command (added by \`mailwiz install-setup\`)\nbash ${INSTALLER}\n`);
  });

  it('keeps the admin\'s own patches and adds the line only once', () => {
    const own = '#!/bin/bash\npostconf -e "message_size_limit = 0"';
    const once = withInstallerLine(own);
    expect(once.startsWith(`${own}\n`)).toBe(true);
    expect(withInstallerLine(once)).toBe(once);
  });
});
