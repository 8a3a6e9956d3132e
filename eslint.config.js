import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', NodeJS: 'readonly', globalThis: 'readonly' } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Text from the container is untrusted: we match control characters on purpose, to neutralise them.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**', 'screens/**', 'wizards/**'],
    rules: { 'no-console': 'error' },
  },
);
