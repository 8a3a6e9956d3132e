/**
 * Ink draws nothing until exit when it believes it runs in CI (the CI, CONTINUOUS_INTEGRATION or CI_* variables).
 * An interactive face on a real terminal is not CI, whatever the environment says: forget those variables before
 * Ink is loaded. Called only when stdout is a TTY.
 */
export function preferLiveTerminal(env: NodeJS.ProcessEnv = process.env): void {
  for (const key of Object.keys(env)) {
    if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) Reflect.deleteProperty(env, key);
  }
}
