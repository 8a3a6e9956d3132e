/**
 * A POSIX ustar archive of plain files in one folder: what `tar -x` reads, so that many files reach a container in
 * one exec. Names up to 100 bytes, no folders, no links.
 */
export interface ArchiveFile {
  name: string;
  content: Buffer;
  mode?: number;
}

const BLOCK = 512;

export function tarArchive(files: readonly ArchiveFile[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(header(file, mtime), file.content);
    const padding = (BLOCK - (file.content.length % BLOCK)) % BLOCK;
    if (padding) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(file: ArchiveFile, mtime: number): Buffer {
  const name = Buffer.from(file.name, 'utf8');
  if (name.length === 0 || name.length > 100 || file.name.includes('/') || file.name === '.' || file.name === '..') {
    throw new Error(`Cannot archive "${file.name}": a plain file name of at most 100 bytes is needed.`);
  }
  const block = Buffer.alloc(BLOCK);
  name.copy(block, 0);
  octal(block, 100, 8, file.mode ?? 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, file.content.length);
  octal(block, 136, 12, mtime);
  block.fill(' ', 148, 156);
  block.write('0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

/** A zero-padded octal field ending in NUL. */
function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, 'ascii');
}
