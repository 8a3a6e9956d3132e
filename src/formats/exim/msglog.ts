/**
 * Exim's per-message logs (`<spool>/msglog/<id>`), as the queue program prints them: `\x1e<id>` then the file's last
 * lines. A recipient's latest `defer` or `**` line is why it is still queued (or failed); `*** Frozen` marks a frozen
 * message, and the defer line before it says why.
 *
 *    2026-12-05 18:50:32 bob@remote.test R=smarthost T=remote_smtp defer (111): Connection refused
 *    2026-12-05 18:50:32 dave@frozen.test R=frozen defer (-1): remote host address is the local host
 *    *** Frozen
 */

export interface MessageLog {
  /** Per recipient address (as logged), the reason of its latest failed attempt. */
  reasons: Map<string, string>;
  /** The latest reason of any recipient: the one a frozen message was frozen for. */
  lastReason?: string;
}

export const MSGLOG_MARK = '\u001e';
/** `<time> [** ]address [<parent>] R=router [T=transport] [defer (errno)]: reason`: a deferral or a failure. */
const DEFER = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? (?:\*\* )?(\S+?)(?: <[^>]*>)?(?: [RT]=[^\s:]+)+(?: defer \([^)]*\))?: (.*)$/;

/** The message logs by message ID. */
export function parseMessageLogs(text: string): Map<string, MessageLog> {
  const logs = new Map<string, MessageLog>();
  let current: MessageLog | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith(MSGLOG_MARK)) {
      current = { reasons: new Map() };
      logs.set(line.slice(1).trim(), current);
      continue;
    }
    const match = current && DEFER.exec(line);
    if (!current || !match) continue;
    const [, address = '', reason = ''] = match;
    current.reasons.set(address, reason);
    current.lastReason = reason;
  }
  return logs;
}
