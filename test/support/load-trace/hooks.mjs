// Module loader hooks: each module file Node loads is appended to $MAILWIZ_LOAD_TRACE as "<url> <bytes>".
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  const result = await next(url, context);
  if (url.startsWith('file:') && process.env.MAILWIZ_LOAD_TRACE) {
    appendFileSync(process.env.MAILWIZ_LOAD_TRACE, `${url} ${result.source ? result.source.length : 0}\n`);
  }
  return result;
}
