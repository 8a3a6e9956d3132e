import { KeyedFile } from './keyed-file.js';

export interface AliasEntry {
  alias: string;
  targets: string[];
}

function splitTargets(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** postfix-virtual.cf: `<alias> <target>[,<target>…]`, the aliases `setup alias` manages. */
export class VirtualFile {
  private constructor(private readonly file: KeyedFile) {}

  static parse(text: string): VirtualFile {
    return new VirtualFile(KeyedFile.parse(text, ' '));
  }

  entries(): AliasEntry[] {
    return this.file.entries().map(({ key, value }) => ({ alias: key, targets: splitTargets(value) }));
  }

  targetsOf(alias: string): string[] {
    const value = this.file.get(alias);
    return value === undefined ? [] : splitTargets(value);
  }

  has(alias: string): boolean {
    return this.file.has(alias);
  }

  /** The aliases that deliver to `recipient`, in file order. */
  aliasesOf(recipient: string): string[] {
    const wanted = recipient.toLowerCase();
    return this.entries()
      .filter((e) => e.targets.some((t) => t.toLowerCase() === wanted))
      .map((e) => e.alias);
  }

  /** Adds one target; returns undefined when the alias already has it. */
  addTarget(alias: string, target: string): VirtualFile | undefined {
    const targets = this.targetsOf(alias);
    if (targets.some((t) => t.toLowerCase() === target.toLowerCase())) return undefined;
    return new VirtualFile(this.file.set(this.keyFor(alias), [...targets, target].join(',')));
  }

  /** Removes one target; the alias goes when it has no target left. */
  removeTarget(alias: string, target: string): VirtualFile {
    const rest = this.targetsOf(alias).filter((t) => t.toLowerCase() !== target.toLowerCase());
    const key = this.keyFor(alias);
    return new VirtualFile(rest.length === 0 ? this.file.remove(key) : this.file.set(key, rest.join(',')));
  }

  /** Takes `recipient` out of every alias, as `email del` does. */
  removeRecipient(recipient: string): VirtualFile {
    return this.aliasesOf(recipient).reduce<VirtualFile>((file, alias) => file.removeTarget(alias, recipient), this);
  }

  /** The key as the file spells it, so an edit replaces the same line. */
  private keyFor(alias: string): string {
    return this.file.entries().find((e) => e.key.toLowerCase() === alias.toLowerCase())?.key ?? alias;
  }

  toString(): string {
    return this.file.toString();
  }
}
