/*
 * Linear PCM L16 (RFC 3551 §4.5.11): 16-bit signed samples in network
 * (big-endian) byte order. Int16Array is host order (little-endian on every
 * platform Node runs on), so each sample is byte-swapped.
 */

/**
 * Decodes L16 `payload` into `out` and returns the samples written. An odd
 * trailing octet is ignored.
 */
export function decodeL16Into(payload: Uint8Array, out: Int16Array): number {
  const n = payload.length >> 1;
  if (out.length < n) throw new RangeError(`output holds ${out.length} samples < ${n}`);
  for (let i = 0; i < n; i++) {
    out[i] = (payload[2 * i]! << 8) | payload[2 * i + 1]!;
  }
  return n;
}

/** Encodes `pcm` as L16 into `out`; returns the octets written. */
export function encodeL16Into(pcm: Int16Array, out: Uint8Array): number {
  const n = pcm.length;
  if (out.length < 2 * n) throw new RangeError(`output holds ${out.length} octets < ${2 * n}`);
  for (let i = 0; i < n; i++) {
    const s = pcm[i]!;
    out[2 * i] = (s >> 8) & 0xff;
    out[2 * i + 1] = s & 0xff;
  }
  return 2 * n;
}

/** Decodes L16 `payload` to new PCM. */
export function decodeL16(payload: Uint8Array): Int16Array {
  const out = new Int16Array(payload.length >> 1);
  decodeL16Into(payload, out);
  return out;
}

/** Encodes `pcm` as a new L16 Buffer. */
export function encodeL16(pcm: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(pcm.length * 2);
  encodeL16Into(pcm, out);
  return out;
}
