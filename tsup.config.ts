import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';
import { MODEM_SSH_TRANSPORT } from './src/target/modem-ssh.js';

/**
 * Keeps what dockerode never uses here out of every command's load: BuildKit sessions and build progress (gRPC and
 * protobuf, ~900 KB), and ssh2, which docker-modem requires at start for ssh:// engines only. src/target/docker-engine.ts
 * loads docker-modem's ssh transport itself (its own chunk) before it connects to an ssh:// engine.
 */
const loadLess: Plugin = {
  name: 'mailwiz-load-less',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) =>
      /dockerode[\\/]lib[\\/]docker\.js$/.test(args.importer) ? { path: args.path, namespace: 'mailwiz-unused' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'mailwiz-unused' }, () => ({
      contents: "const unused = () => { throw new Error('image builds through BuildKit are not part of mailwiz'); };\n" +
        'module.exports = unused; module.exports.followProgress = unused;',
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/ssh$/ }, (args) =>
      /docker-modem[\\/]lib[\\/]modem\.js$/.test(args.importer) ? { path: args.path, namespace: 'mailwiz-ssh' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'mailwiz-ssh' }, () => ({
      contents: `module.exports = (options) => globalThis[Symbol.for(${JSON.stringify(MODEM_SSH_TRANSPORT)})](options);`,
      loader: 'js',
    }));
  },
};

// One bundled, minified ESM program: a bundled Ink app starts ~5x faster than one loaded from node_modules.
export default defineConfig({
  entry: { mailwiz: 'src/cli/main.ts', 'sha512-crypt-worker': 'src/dms/sha512-crypt-worker.ts' },
  outDir: 'dist',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  bundle: true,
  splitting: true,
  minify: true,
  clean: true,
  sourcemap: false,
  noExternal: [/^(?!react-devtools-core|cpu-features)/],
  // Optional native speed-ups of ssh2, and Ink's dev-tools hook: never needed at run time.
  external: ['react-devtools-core', 'cpu-features', '*.node'],
  shims: true,
  esbuildPlugins: [loadLess],
  env: { NODE_ENV: 'production' },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __mwCreateRequire } from 'node:module'; const require = __mwCreateRequire(import.meta.url);",
  },
});
