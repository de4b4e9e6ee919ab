import type { Result } from '../../core/index.ts';

/**
 * One direction-agnostic codec instance for one stream. Stateful codecs
 * (G.722, Opus) keep encoder and decoder state inside, so a stream needs
 * its own instance from the registry.
 */
export interface Codec {
  /** The SDP encoding name (RFC 4566 a=rtpmap), e.g. "PCMU", "opus". */
  readonly name: string;
  /**
   * The RTP clock rate. It differs from sampleRateHz for G.722, whose
   * clock runs at 8000 Hz for historical reasons (RFC 3551 §4.5.2).
   */
  readonly clockRateHz: number;
  /** The PCM rate that decode() returns and encode() takes. */
  readonly sampleRateHz: number;
  /** PCM channels of decode()/encode(); interleaved when above 1. */
  readonly channels: number;
  /** The payload type in use: static (RFC 3551 §6) or the dynamic one from SDP. */
  readonly payloadType: number;
  readonly isStaticPayloadType: boolean;
  /** PCM samples per channel in one packet of `ptimeMs`. */
  frameSamples(ptimeMs: number): number;
  /** Decodes one payload to PCM at sampleRateHz. Wire input: never throws. */
  decode(payload: Uint8Array): Result<Int16Array>;
  /** Encodes PCM at sampleRateHz to one payload. */
  encode(pcm: Int16Array): Buffer;
}

/** Options when creating a codec for a stream, usually from SDP. */
export interface CodecOptions {
  /** The payload type to use; defaults to the static or usual dynamic one. */
  readonly payloadType?: number;
  /** The clock rate, for codecs with more than one (L16). */
  readonly clockRateHz?: number;
}
