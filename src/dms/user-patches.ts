/**
 * How mailwiz puts its `setup` into a DMS container so that it survives re-creation: DMS runs
 * /tmp/docker-mailserver/user-patches.sh at a container's first start, and the config volume outlives the container.
 * user-patches.sh gets one marked line that calls our installer script; everything else in it stays as it was.
 */
export const INSTALL_DIR = '/tmp/docker-mailserver/mailwiz';
export const INSTALLER = `${INSTALL_DIR}/install-setup.sh`;
/** A Node.js runtime for images without Node 20 (DMS v15 is Debian 12: no Node, and Debian's is 18). */
export const NODE_RUNTIME = `${INSTALL_DIR}/node`;
export const NODE_MAJOR_NEEDED = 20;
const MARKER = '# mailwiz: use mailwiz as the setup command (added by `mailwiz install-setup`)';

/**
 * Replaces /usr/local/bin/setup with a wrapper that runs mailwiz, keeping DMS's own as setup.dms. Needs no network:
 * mailwiz runs on the runtime in the config volume when there is one, else on the image's Node if it is new enough.
 */
export const INSTALLER_SCRIPT = `#!/bin/bash
# Installed by mailwiz. Runs at container start from user-patches.sh; safe to run again; needs no network.
set -u
if [ -e /usr/local/bin/setup ] && ! grep -q "^# mailwiz's setup;" /usr/local/bin/setup 2>/dev/null; then
  mv /usr/local/bin/setup /usr/local/bin/setup.dms
fi
cat > /usr/local/bin/setup <<'WRAPPER'
#!/bin/sh
# mailwiz's setup; DMS's own is /usr/local/bin/setup.dms. mailwiz needs Node.js ${NODE_MAJOR_NEEDED} or newer.
if [ -x ${NODE_RUNTIME} ]; then
  exec ${NODE_RUNTIME} ${INSTALL_DIR}/mailwiz.js setup "$@"
fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge ${NODE_MAJOR_NEEDED} ]; then
  exec node ${INSTALL_DIR}/mailwiz.js setup "$@"
fi
if [ -x /usr/local/bin/setup.dms ]; then
  echo "mailwiz needs Node.js ${NODE_MAJOR_NEEDED} or newer (found: \${major}); running DMS's own setup instead. mailwiz install-setup puts one in the config volume." >&2
  exec /usr/local/bin/setup.dms "$@"
fi
echo "mailwiz needs Node.js ${NODE_MAJOR_NEEDED} or newer (found: \${major}). mailwiz install-setup puts one in the config volume." >&2
exit 1
WRAPPER
chmod 0755 /usr/local/bin/setup
`;

/** user-patches.sh with our line in it (once); a new file gets a shebang first. */
export function withInstallerLine(userPatches: string): string {
  if (userPatches.includes(MARKER)) return userPatches;
  const base = userPatches === '' ? '#!/bin/bash\n' : userPatches.endsWith('\n') ? userPatches : `${userPatches}\n`;
  return `${base}${MARKER}\nbash ${INSTALLER}\n`;
}
