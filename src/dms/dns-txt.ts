/** TXT record text: zone-file strings of at most 255 bytes, and the `tag=value;` lists of DKIM, DMARC, MTA-STS and TLS-RPT. */

/** One DNS character-string holds at most 255 bytes; longer TXT values are several strings, read back joined. */
export const TXT_STRING_BYTES = 255;

/** The value cut into strings of at most 255 bytes, never inside a UTF-8 character. */
export function txtStrings(value: string): string[] {
  const strings: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of value) {
    const size = Buffer.byteLength(char);
    if (bytes + size > TXT_STRING_BYTES) {
      strings.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  if (current !== '' || strings.length === 0) strings.push(current);
  return strings;
}

/** A string as a zone file quotes it. */
export function quoteTxt(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The value as zone-file quoted strings of at most 255 bytes each: `"v=DKIM1; k=rsa; p=MIIB…" "…QIDAQAB"`. */
export function splitTxt(value: string): string[] {
  return txtStrings(value).map(quoteTxt);
}

/**
 * The quoted strings of a zone-file fragment, unescaped (`\"`, `\\`, `\DDD`): what opendkim-genkey and rspamd write
 * in their `.txt` files. Text outside quotes (names, parentheses, `; comments`) is skipped.
 */
export function quotedStrings(text: string): string[] {
  const strings: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === ';') {
      const end = text.indexOf('\n', index);
      index = end < 0 ? text.length : end + 1;
    } else if (char === '"') {
      const [value, next] = readQuoted(text, index + 1);
      strings.push(value);
      index = next;
    } else {
      index += 1;
    }
  }
  return strings;
}

function readQuoted(text: string, start: number): [string, number] {
  let value = '';
  let index = start;
  while (index < text.length && text[index] !== '"') {
    if (text[index] === '\\') {
      const digits = /^\d{3}/.exec(text.slice(index + 1, index + 4));
      value += digits ? String.fromCharCode(Number(digits[0])) : (text[index + 1] ?? '');
      index += digits ? 4 : 2;
    } else {
      value += text[index];
      index += 1;
    }
  }
  return [value, index + 1];
}

/** A parsed `tag=value; tag=value` list (RFC 6376 §3.2), with names in their order and what is wrong with it. */
export interface TagList {
  tags: ReadonlyMap<string, string>;
  names: string[];
  problems: string[];
}

const TAG_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function parseTagList(text: string): TagList {
  const tags = new Map<string, string>();
  const names: string[] = [];
  const problems: string[] = [];
  for (const part of text.split(';')) {
    const spec = part.trim();
    if (spec === '') continue;
    const equals = spec.indexOf('=');
    const name = equals < 0 ? spec : spec.slice(0, equals).trim();
    if (equals < 0 || !TAG_NAME.test(name)) {
      problems.push(`'${spec}' is not a tag=value pair`);
    } else if (tags.has(name)) {
      problems.push(`the tag ${name}= appears twice`);
    } else {
      tags.set(name, spec.slice(equals + 1).trim());
      names.push(name);
    }
  }
  return { tags, names, problems };
}

/** The TXT strings of each record joined: how SPF, DKIM, DMARC and the rest read a record made of several strings. */
export function joinedTxt(records: readonly (readonly string[])[]): string[] {
  return records.map((strings) => strings.join(''));
}

/** The joined TXT records that start with a version tag such as `v=spf1` or `v=DMARC1` (case-insensitive). */
export function recordsWithVersion(records: readonly (readonly string[])[], version: RegExp): string[] {
  return joinedTxt(records).filter((text) => version.test(text.trim()));
}
