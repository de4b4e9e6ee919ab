import { ValidationError } from '../../core/index.ts';

/**
 * A leg's outgoing RTP stream as the native relay continues it (the rules
 * of media-server's OutgoingStream, native/rtp-relay/out-stream.h).
 */
export interface NativeStreamState {
  /** The SSRC the far end sees. */
  readonly ssrc: number;
  /** The SSRC of the source relayed now. */
  readonly source: number;
  readonly seqOffset: number;
  readonly tsOffset: number;
  /** The newest sequence number sent; -1 before any. */
  readonly lastSeq: number;
  readonly lastTs: number;
  /** How long ago the newest packet left. */
  readonly sentAgoMs: number;
  readonly stepTicks: number;
  readonly clockRate: number;
  /** RFC 4733 payload type, whose packets keep their own marker bit; -1 for none. */
  readonly telephoneEventPt: number;
  /** Times the source changed under the stream. */
  readonly switches: number;
}

/** Field order of the addon's stream arrays (relay::StreamField). */
export const STREAM_FIELDS = [
  'started',
  'ssrc',
  'source',
  'seqOffset',
  'tsOffset',
  'lastSeq',
  'lastTs',
  'sentAgoMs',
  'stepTicks',
  'clockRate',
  'telephoneEventPt',
  'switches',
] as const;

/** The addon's array for setStream(); throws ValidationError on a non-number. */
export function streamFields(state: NativeStreamState): Float64Array {
  const fields = new Float64Array(STREAM_FIELDS.length);
  fields[0] = 1;
  for (let i = 1; i < STREAM_FIELDS.length; i++) {
    const value = state[STREAM_FIELDS[i] as Exclude<(typeof STREAM_FIELDS)[number], 'started'>];
    if (!Number.isFinite(value)) throw new ValidationError(STREAM_FIELDS[i]!, 'not a number');
    fields[i] = value;
  }
  return fields;
}

/** The stream the addon filled in (close()), undefined when it never started. */
export function toStream(f: Float64Array): NativeStreamState | undefined {
  if (f[0] !== 1) return undefined;
  return {
    ssrc: f[1]!,
    source: f[2]!,
    seqOffset: f[3]!,
    tsOffset: f[4]!,
    lastSeq: f[5]!,
    lastTs: f[6]!,
    sentAgoMs: f[7]!,
    stepTicks: f[8]!,
    clockRate: f[9]!,
    telephoneEventPt: f[10]!,
    switches: f[11]!,
  };
}
