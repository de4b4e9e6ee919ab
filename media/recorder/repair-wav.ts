import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ok, parseError } from '../../core/index.ts';
import type { ParseError, Result } from '../../core/index.ts';
import { parseWavHeader } from '../player/index.ts';

/** What repairWav() did. */
export interface WavRepair {
  /** False when the header already matched the file. */
  readonly isRepaired: boolean;
  /** The data size now in the header. */
  readonly dataBytes: number;
  /** Bytes of a half-written sample frame cut off the end. */
  readonly truncatedBytes: number;
}

/** What repairRecordings() did over a directory. */
export interface RecordingsRepair {
  readonly repaired: readonly string[];
  readonly failed: readonly { readonly file: string; readonly error: ParseError }[];
}

/** More than any header we or sox write; the data chunk starts before it. */
const HEADER_PROBE_BYTES = 4096;

/**
 * Fixes a WAV file whose size fields are stale because its writer died
 * (kill -9, power cut): the data chunk is taken to run to the end of the
 * file, a half-written sample frame at the end is cut off, and the RIFF
 * and data sizes (and the "fact" count of G.711 files) are rewritten. A
 * file whose sizes already agree with its length is left alone. Run it at
 * start over the recordings directory (repairRecordings()).
 */
export async function repairWav(path: string): Promise<Result<WavRepair>> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    const probe = Buffer.alloc(Math.min(size, HEADER_PROBE_BYTES));
    await handle.read(probe, 0, probe.length, 0);
    const parsed = parseWavHeader(probe);
    if (!parsed.ok) return parsed;
    const h = parsed.value;
    if (h.dataOffset > size) {
      return parseError('ERR_WAV_DATA_TRUNCATED', h.dataOffset, `file of ${size} bytes`);
    }
    const declaredEnd = h.dataOffset + h.dataBytes;
    if (h.riffBytes + 8 === size && declaredEnd <= size && h.dataBytes % h.blockAlign === 0) {
      return ok({ isRepaired: false, dataBytes: h.dataBytes, truncatedBytes: 0 });
    }
    const available = size - h.dataOffset;
    const dataBytes = available - (available % h.blockAlign);
    const pad = dataBytes & 1;
    await handle.truncate(h.dataOffset + dataBytes + pad);
    const field = Buffer.alloc(4);
    const writeU32 = async (value: number, at: number): Promise<void> => {
      field.writeUInt32LE(value, 0);
      await handle.write(field, 0, 4, at);
    };
    await writeU32(h.dataOffset + dataBytes + pad - 8, 4);
    await writeU32(dataBytes, h.dataOffset - 4);
    const factAt = findFact(probe, h.dataOffset);
    if (factAt !== undefined) await writeU32(Math.floor(dataBytes / h.blockAlign), factAt + 8);
    return ok({ isRepaired: true, dataBytes, truncatedBytes: available - dataBytes });
  } finally {
    await handle.close();
  }
}

/** The offset of the "fact" chunk before `dataOffset`, if there is one. */
function findFact(header: Buffer, dataOffset: number): number | undefined {
  let at = 12;
  while (at + 12 <= dataOffset) {
    const size = header.readUInt32LE(at + 4);
    if (header.toString('latin1', at, at + 4) === 'fact' && size >= 4) return at;
    at += 8 + size + (size & 1);
  }
  return undefined;
}

/**
 * Runs repairWav() over every *.wav below `dir`. A file that cannot be
 * repaired (no header at all) is listed in `failed` and left as it is.
 */
export async function repairRecordings(dir: string): Promise<RecordingsRepair> {
  const repaired: string[] = [];
  const failed: { file: string; error: ParseError }[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.toLowerCase().endsWith('.wav')) continue;
    const file = join(entry.parentPath, entry.name);
    try {
      const result = await repairWav(file);
      if (!result.ok) failed.push({ file, error: result.error });
      else if (result.value.isRepaired) repaired.push(file);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      failed.push({ file, error: { code: 'ERR_WAV_REPAIR_IO', offset: 0, detail } });
    }
  }
  return { repaired, failed };
}
