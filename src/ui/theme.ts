/** Colours and symbols that degrade: no colour with NO_COLOR, plain ASCII on TERM=linux/vt100. */
export interface Theme {
  color: boolean;
  ascii: boolean;
  symbols: { ok: string; warn: string; fail: string; pending: string; cursor: string; bar: string; barEmpty: string };
}

export function detectTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  const color = !('NO_COLOR' in env) && env.TERM !== 'dumb';
  const ascii = env.TERM === 'linux' || env.TERM === 'vt100' || env.TERM === 'dumb' || env.MAILWIZ_ASCII === '1';
  return {
    color,
    ascii,
    symbols: ascii
      ? { ok: '+', warn: '!', fail: 'x', pending: '~', cursor: '>', bar: '#', barEmpty: '.' }
      : { ok: '✓', warn: '!', fail: '✗', pending: '…', cursor: '›', bar: '█', barEmpty: '░' },
  };
}

/** A colour name for Ink's <Text color>, or undefined when colour is off. */
export function tint(theme: Theme, color: string): string | undefined {
  return theme.color ? color : undefined;
}
