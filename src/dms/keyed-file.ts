/**
 * A DMS config file of `<key><delimiter><value>` lines (accounts `|`, quotas `:`, relay maps ` `…). Edits touch only
 * the line of the key; every other line (comments, blank lines, CRLF ends, bytes that are not UTF-8, see
 * byte-text.ts) is kept exactly, in its order. Keys compare case-insensitively, as DMS looks them up.
 */
export class KeyedFile {
  constructor(
    private readonly delimiter: string,
    private readonly lines: string[],
  ) {}

  static parse(text: string, delimiter: string): KeyedFile {
    if (text === '') return new KeyedFile(delimiter, []);
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return new KeyedFile(delimiter, lines);
  }

  private keyOf(line: string): string | undefined {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return undefined;
    const at = this.delimiter === ' ' ? trimmed.search(/\s/) : trimmed.indexOf(this.delimiter);
    return at < 0 ? trimmed : trimmed.slice(0, at);
  }

  private valueOf(line: string): string {
    const trimmed = line.trim();
    const at = this.delimiter === ' ' ? trimmed.search(/\s/) : trimmed.indexOf(this.delimiter);
    return at < 0 ? '' : trimmed.slice(at + 1).replace(this.delimiter === ' ' ? /^\s+/ : /^/, '');
  }

  private indexOf(key: string): number {
    const wanted = key.toLowerCase();
    return this.lines.findIndex((line) => this.keyOf(line)?.toLowerCase() === wanted);
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  get(key: string): string | undefined {
    const index = this.indexOf(key);
    return index < 0 ? undefined : this.valueOf(this.lines[index] ?? '');
  }

  entries(): { key: string; value: string }[] {
    const out: { key: string; value: string }[] = [];
    for (const line of this.lines) {
      const key = this.keyOf(line);
      if (key !== undefined) out.push({ key, value: this.valueOf(line) });
    }
    return out;
  }

  /** Replaces the key's line in place (keeping a CRLF end), or appends a new one. */
  set(key: string, value: string): KeyedFile {
    const line = `${key}${this.delimiter}${value}`;
    const index = this.indexOf(key);
    const lines = [...this.lines];
    if (index < 0) lines.push(line);
    else lines[index] = this.lines[index]?.endsWith('\r') ? `${line}\r` : line;
    return new KeyedFile(this.delimiter, lines);
  }

  remove(key: string): KeyedFile {
    const wanted = key.toLowerCase();
    return new KeyedFile(
      this.delimiter,
      this.lines.filter((line) => this.keyOf(line)?.toLowerCase() !== wanted),
    );
  }

  toString(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }
}
