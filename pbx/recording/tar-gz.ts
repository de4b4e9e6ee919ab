import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** One file to pack: its name inside the archive and where it is now. */
export interface TarEntry {
  /** At most 100 bytes of ASCII (no ustar prefix split is needed for D25 names). */
  readonly name: string;
  readonly path: string;
}

const BLOCK = 512;

/** Writes `value` as zero-padded octal of `width - 1` digits and a NUL. */
function octal(header: Buffer, offset: number, width: number, value: number): void {
  header.write(value.toString(8).padStart(width - 1, '0') + '\0', offset, width, 'latin1');
}

/**
 * A POSIX ustar header block (POSIX.1-2001 pax `ustar` format):
 *
 *   offset  size  field          offset  size  field
 *        0   100  name              257     6  magic "ustar\0"
 *      100     8  mode              263     2  version "00"
 *      108     8  uid               265    32  uname
 *      116     8  gid               297    32  gname
 *      124    12  size              329     8  devmajor
 *      136    12  mtime             337     8  devminor
 *      148     8  chksum            345   155  prefix
 *      156     1  typeflag ('0')
 *      157   100  linkname
 *
 * The checksum is the sum of the header's bytes with chksum read as eight
 * spaces, written as six octal digits, a NUL and a space.
 */
export function ustarHeader(name: string, size: number, mtimeSec: number): Buffer {
  const bytes = Buffer.from(name, 'latin1');
  if (bytes.length > 100 || !/^[\x20-\x7e]+$/.test(name)) {
    throw new RangeError(`tar entry name ${JSON.stringify(name)} must be 1–100 ASCII bytes`);
  }
  const header = Buffer.alloc(BLOCK);
  bytes.copy(header, 0);
  octal(header, 100, 8, 0o644);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  octal(header, 124, 12, size);
  octal(header, 136, 12, Math.floor(mtimeSec));
  header.fill(0x20, 148, 156);
  header.write('0', 156, 'latin1');
  header.write('ustar\0', 257, 'latin1');
  header.write('00', 263, 'latin1');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return header;
}

async function* tarStream(entries: readonly TarEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    const info = await stat(entry.path);
    yield ustarHeader(entry.name, info.size, info.mtimeMs / 1000);
    let written = 0;
    for await (const chunk of createReadStream(entry.path)) {
      const buf = chunk as Buffer;
      written += buf.length;
      yield buf;
    }
    if (written !== info.size) throw new Error(`${entry.path} changed size while packing`);
    const pad = (BLOCK - (info.size % BLOCK)) % BLOCK;
    if (pad > 0) yield Buffer.alloc(pad);
  }
  // Two zero blocks end the archive.
  yield Buffer.alloc(2 * BLOCK);
}

/** Packs `entries` into a gzip-compressed ustar archive at `archivePath`. */
export async function writeTarGz(archivePath: string, entries: readonly TarEntry[]): Promise<void> {
  await pipeline(Readable.from(tarStream(entries)), createGzip(), createWriteStream(archivePath));
}
