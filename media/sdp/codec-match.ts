import type { MediaDirection, SdpCodec } from './attributes.ts';
import type { CodecCapability } from './capabilities.ts';

/** The RFC 4733 §7.1.1 default when telephone-event comes without fmtp. */
export const DEFAULT_TELEPHONE_EVENTS = '0-15';

/** Returns true if two codecs are the same format (name, clock rate, channels). */
export function isSameCodec(
  a: { encodingName: string; clockRateHz: number; channels?: number },
  b: { encodingName: string; clockRateHz: number; channels?: number },
): boolean {
  return (
    a.encodingName.toLowerCase() === b.encodingName.toLowerCase() &&
    a.clockRateHz === b.clockRateHz &&
    (a.channels ?? 1) === (b.channels ?? 1)
  );
}

/** Returns true for an RFC 4733 telephone-event format. */
export function isTelephoneEvent(codec: { encodingName: string }): boolean {
  return codec.encodingName.toLowerCase() === 'telephone-event';
}

/** Finds the capability matching an offered codec, with its preference index. */
export function findCapability(
  codec: SdpCodec,
  capabilities: readonly CodecCapability[],
  mediaType: string,
): { capability: CodecCapability; rank: number } | undefined {
  for (let rank = 0; rank < capabilities.length; rank++) {
    const capability = capabilities[rank];
    if (capability === undefined || (capability.mediaType ?? 'audio') !== mediaType) continue;
    if (isSameCodec(codec, capability)) return { capability, rank };
  }
  return undefined;
}

/**
 * Parses an RFC 4733 §2.4.1 event list (`0-15,66,70`) into a set of event
 * codes; returns undefined for a malformed list.
 */
export function parseEventList(list: string): Set<number> | undefined {
  const events = new Set<number>();
  for (const item of list.split(',')) {
    const m = /^\s*(\d{1,3})(?:-(\d{1,3}))?\s*$/.exec(item);
    if (m === null) return undefined;
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (first > 255 || last > 255 || last < first) return undefined;
    for (let e = first; e <= last; e++) events.add(e);
  }
  return events;
}

/** Formats a set of event codes as a compact range list (`0-11,16`). */
export function formatEventList(events: ReadonlySet<number>): string {
  const sorted = [...events].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    ranges.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

/** Intersects two RFC 4733 event lists; undefined if either is malformed. */
export function intersectEventLists(offered: string, local: string): string | undefined {
  const a = parseEventList(offered);
  const b = parseEventList(local);
  if (a === undefined || b === undefined) return undefined;
  const both = new Set([...a].filter((e) => b.has(e)));
  return both.size === 0 ? undefined : formatEventList(both);
}

/** The events of a telephone-event fmtp (`0-16` or `events=0-16`). */
export function telephoneEventsOf(fmtp: string | undefined): string {
  if (fmtp === undefined || fmtp.trim() === '') return DEFAULT_TELEPHONE_EVENTS;
  return fmtp.replace(/^events=/, '').trim();
}

const SENDS: Record<MediaDirection, boolean> = {
  sendrecv: true,
  sendonly: true,
  recvonly: false,
  inactive: false,
};
const RECEIVES: Record<MediaDirection, boolean> = {
  sendrecv: true,
  sendonly: false,
  recvonly: true,
  inactive: false,
};

/** Builds a direction from its send and receive halves. */
export function directionFrom(isSending: boolean, isReceiving: boolean): MediaDirection {
  if (isSending) return isReceiving ? 'sendrecv' : 'sendonly';
  return isReceiving ? 'recvonly' : 'inactive';
}

/** Returns true if a side with this direction sends media. */
export function isSendingDirection(direction: MediaDirection): boolean {
  return SENDS[direction];
}

/** Returns true if a side with this direction receives media. */
export function isReceivingDirection(direction: MediaDirection): boolean {
  return RECEIVES[direction];
}

/**
 * The answer's direction (RFC 3264 §6.1): the mirror of the offer
 * (sendonly→recvonly, recvonly→sendonly, inactive→inactive,
 * sendrecv→sendrecv), narrowed by what the answerer itself wants.
 */
export function answerDirection(offered: MediaDirection, wanted: MediaDirection): MediaDirection {
  return directionFrom(RECEIVES[offered] && SENDS[wanted], SENDS[offered] && RECEIVES[wanted]);
}
