import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/** One entry of a test archive; names are written exactly as given (traversal included). */
export interface ArchiveEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'hardlink' | 'chardev' | 'fifo';
  content?: string | Buffer;
  /** Link target (symlink, hardlink). */
  target?: string;
  mode?: number;
  /** zip only: the uncompressed size written in the headers, to make an entry lie about its size. */
  declaredSize?: number;
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function tarHeader(entry: ArchiveEntry, size: number): Buffer {
  const header = Buffer.alloc(512);
  const typeflag = {
    file: '0',
    hardlink: '1',
    symlink: '2',
    chardev: '3',
    directory: '5',
    fifo: '6',
  }[entry.type ?? 'file'];
  header.write(entry.name, 0, 100, 'utf8');
  header.write(
    octal(entry.mode ?? (entry.type === 'directory' ? 0o755 : 0o644), 8),
    100,
    8,
    'ascii',
  );
  header.write(octal(0, 8), 108, 8, 'ascii');
  header.write(octal(0, 8), 116, 8, 'ascii');
  header.write(octal(size, 12), 124, 12, 'ascii');
  header.write(octal(1_700_000_000, 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii');
  header.write(typeflag, 156, 1, 'ascii');
  if (entry.target) header.write(entry.target, 157, 100, 'utf8');
  header.write('ustar\u000000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/** Writes a ustar archive byte by byte (so malicious names and types can be written), optionally gzipped. */
export function writeTar(
  path: string,
  entries: readonly ArchiveEntry[],
  options: { gzip?: boolean } = {},
): void {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const content =
      entry.type === undefined || entry.type === 'file'
        ? Buffer.from(entry.content ?? '')
        : Buffer.alloc(0);
    blocks.push(tarHeader(entry, content.length));
    if (content.length) {
      blocks.push(content, Buffer.alloc((512 - (content.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  const tar = Buffer.concat(blocks);
  writeFileSync(path, options.gzip ? gzipSync(tar) : tar);
}

/** Writes a zip archive byte by byte (deflated entries, unix modes, symlinks, lying sizes). */
export function writeZip(path: string, entries: readonly ArchiveEntry[]): void {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const name = Buffer.from(
      type === 'directory' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name,
      'utf8',
    );
    const raw =
      type === 'symlink' ? Buffer.from(entry.target ?? '') : Buffer.from(entry.content ?? '');
    const method = type === 'file' && raw.length > 0 ? 8 : 0;
    const data = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const size = entry.declaredSize ?? raw.length;
    const fileType = {
      file: 0o100000,
      directory: 0o040000,
      symlink: 0o120000,
      chardev: 0o020000,
      fifo: 0o010000,
      hardlink: 0o100000,
    }[type];
    const mode = fileType | (entry.mode ?? (type === 'directory' ? 0o755 : 0o644));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, data);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(0, 30);
    header.writeUInt16LE(0, 32);
    header.writeUInt16LE(0, 34);
    header.writeUInt16LE(0, 36);
    header.writeUInt32LE((mode << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
}
