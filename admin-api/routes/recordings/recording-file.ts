import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A byte range of a file, both ends inclusive (RFC 9110 §14.1.2). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** True when `path` is `root` itself or lies inside it (no `..` climbs out). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

/**
 * Where a CDR's recording is on disk, or undefined when the reference points
 * outside every allowed root. A relative reference (D25) lives under
 * `recordingsDir`; an absolute one is a recording a retention plan moved
 * (R15.13-3) and is served only from one of `movedRoots`.
 */
export function resolveRecording(
  recordingPath: string,
  recordingsDir: string,
  movedRoots: readonly string[],
): string | undefined {
  if (!isAbsolute(recordingPath)) {
    const path = resolve(recordingsDir, recordingPath);
    return isInside(recordingsDir, path) ? path : undefined;
  }
  return movedRoots.some((root) => isInside(root, recordingPath))
    ? resolve(recordingPath)
    : undefined;
}

/**
 * The one range a `Range` header asks for in a file of `size` bytes (RFC
 * 9110 §14.2): `bytes=a-b`, `bytes=a-` or the suffix `bytes=-n`. Undefined
 * means serve the whole file (no header, or a form we do not support, which
 * §14.2 lets a server ignore); 'unsatisfiable' is a 416.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
