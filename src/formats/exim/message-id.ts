/**
 * Exim's message IDs: `1xZuq6-0000000000P-1MMf` from Exim 4.97 (23 characters), `1rABcd-000123-Xy` before
 * (16 characters). Base 62, three parts.
 */
export const EXIM_MESSAGE_ID = '[0-9A-Za-z]{6}-(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{2}|[0-9A-Za-z]{11}-[0-9A-Za-z]{4})';

const MESSAGE_ID_ONLY = new RegExp(`^${EXIM_MESSAGE_ID}$`);

export function isEximMessageId(id: string): boolean {
  return MESSAGE_ID_ONLY.test(id);
}
