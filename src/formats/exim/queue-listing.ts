import { isEximMessageId } from './message-id.js';

/**
 * Exim's queue as `exim -bp` prints it: per message a header line (age, size, message ID, sender in angle brackets,
 * `*** frozen ***`), then one indented line per recipient, `D` before one already delivered (`+D` for an address
 * added by routing), then an empty line. Values are kept raw for actions; the screen sanitizes what it shows.
 *
 *    25m  2.9K 1wRt3e-000000001Ab-3Hqz <alice@example.test> *** frozen ***
 *              bob@example.test
 *            D carol@example.test
 */

export interface EximRecipient {
  address: string;
  delivered: boolean;
}

export interface EximQueuedMessage {
  /** `XXXXXX-XXXXXX-XX` up to Exim 4.96, `XXXXXX-XXXXXXXXXXX-XXXX` from 4.97 (base 62). */
  id: string;
  /** Seconds in the queue, as precise as Exim prints it (minutes up to an hour, then hours, then days). */
  ageSeconds: number;
  /** Bytes, as precise as Exim prints it (`2.9K`). */
  size: number;
  /** Empty for the null sender `<>`. */
  sender: string;
  frozen: boolean;
  recipients: EximRecipient[];
}

export interface EximQueueListing {
  messages: EximQueuedMessage[];
  /** Lines that fit no entry, with their 1-based number; counted on screen, never thrown. */
  malformed: { lineNumber: number; text: string }[];
}

const HEADER = /^\s*(\d+)([smhdw])\s+(\d+(?:\.\d+)?)([KMG]?)\s+(\S+)\s+<(.*)>(\s+\*\*\* frozen \*\*\*)?\s*$/;
const RECIPIENT = /^\s+(\+?D\s+)?(\S.*?)\s*$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const SIZE_FACTOR: Readonly<Record<string, number>> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

export function parseEximQueue(text: string): EximQueueListing {
  const listing: EximQueueListing = { messages: [], malformed: [] };
  let current: EximQueuedMessage | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') {
      current = undefined;
      continue;
    }
    const header = HEADER.exec(line);
    if (header && !isEximMessageId(header[5] ?? '')) {
      // A header line with a foreign ID: its recipient lines go unclaimed too.
      current = undefined;
      listing.malformed.push({ lineNumber: i + 1, text: line });
      continue;
    }
    if (header) {
      current = {
        id: header[5] ?? '',
        ageSeconds: Number(header[1]) * (UNIT_SECONDS[header[2] ?? 's'] ?? 1),
        size: Math.round(Number(header[3]) * (SIZE_FACTOR[header[4] ?? ''] ?? 1)),
        sender: header[6] ?? '',
        frozen: header[7] !== undefined,
        recipients: [],
      };
      listing.messages.push(current);
      continue;
    }
    const recipient = current && RECIPIENT.exec(line);
    if (current && recipient) {
      current.recipients.push({ address: recipient[2] ?? '', delivered: recipient[1] !== undefined });
      continue;
    }
    listing.malformed.push({ lineNumber: i + 1, text: line });
  }
  return listing;
}
