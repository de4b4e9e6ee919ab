import { ok } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import type { Codec, CodecOptions } from './codec.ts';
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from './g711.ts';
import { G722Decoder, G722Encoder } from './g722.ts';
import { decodeL16, encodeL16 } from './l16.ts';
import { OpusCodec } from './opus-codec.ts';

/** Creates a codec instance for one stream. */
export type CodecFactory = (options: CodecOptions) => Codec;

/** A stateless or stateful codec described by its coding functions. */
class SimpleCodec implements Codec {
  constructor(
    readonly name: string,
    readonly clockRateHz: number,
    readonly sampleRateHz: number,
    readonly payloadType: number,
    readonly isStaticPayloadType: boolean,
    private readonly decodeFn: (payload: Uint8Array) => Int16Array,
    private readonly encodeFn: (pcm: Int16Array) => Buffer,
  ) {}

  readonly channels = 1;

  frameSamples(ptimeMs: number): number {
    return (this.sampleRateHz * ptimeMs) / 1000;
  }

  decode(payload: Uint8Array): Result<Int16Array> {
    return ok(this.decodeFn(payload));
  }

  encode(pcm: Int16Array): Buffer {
    return this.encodeFn(pcm);
  }
}

function staticOrGiven(options: CodecOptions, staticPt: number): [number, boolean] {
  const pt = options.payloadType ?? staticPt;
  return [pt, pt === staticPt];
}

/** PCMU, static PT 0 (RFC 3551 §4.5.14). */
export const createPcmu: CodecFactory = (options) => {
  const [pt, isStatic] = staticOrGiven(options, 0);
  return new SimpleCodec('PCMU', 8000, 8000, pt, isStatic, decodeUlaw, encodeUlaw);
};

/** PCMA, static PT 8 (RFC 3551 §4.5.14). */
export const createPcma: CodecFactory = (options) => {
  const [pt, isStatic] = staticOrGiven(options, 8);
  return new SimpleCodec('PCMA', 8000, 8000, pt, isStatic, decodeAlaw, encodeAlaw);
};

/** G722, static PT 9, 16 kHz audio on an 8000 Hz RTP clock (RFC 3551 §4.5.2). */
export const createG722: CodecFactory = (options) => {
  const [pt, isStatic] = staticOrGiven(options, 9);
  const encoder = new G722Encoder();
  const decoder = new G722Decoder();
  return new SimpleCodec(
    'G722',
    8000,
    16000,
    pt,
    isStatic,
    (payload) => decoder.decode(payload),
    (pcm) => encoder.encode(pcm),
  );
};

/**
 * L16 mono (RFC 3551 §4.5.11). PT 11 is the static 44.1 kHz mono type; any
 * other rate needs a dynamic type (default 96).
 */
export const createL16: CodecFactory = (options) => {
  const rate = options.clockRateHz ?? 8000;
  const staticPt = rate === 44100 ? 11 : -1;
  const pt = options.payloadType ?? (staticPt >= 0 ? staticPt : 96);
  return new SimpleCodec('L16', rate, rate, pt, pt === staticPt, decodeL16, encodeL16);
};

/** Opus through libopus (see OpusCodec). */
export const createOpus: CodecFactory = (options) => new OpusCodec(options);

/**
 * Codec factories by SDP encoding name. Names are matched without regard
 * to case, as RFC 4566 §6 says of a=rtpmap encoding names.
 */
export class CodecRegistry {
  readonly #factories = new Map<string, CodecFactory>();
  readonly #byStaticPt = new Map<number, string>();

  /** Registers `factory` under `name`, optionally with its static payload type. */
  register(name: string, factory: CodecFactory, staticPayloadType?: number): this {
    this.#factories.set(name.toLowerCase(), factory);
    if (staticPayloadType !== undefined) this.#byStaticPt.set(staticPayloadType, name);
    return this;
  }

  has(name: string): boolean {
    return this.#factories.has(name.toLowerCase());
  }

  /** The registered names. */
  names(): string[] {
    return [...this.#factories.keys()];
  }

  /** Creates a codec for one stream, or undefined if `name` is unknown. */
  create(name: string, options: CodecOptions = {}): Codec | undefined {
    return this.#factories.get(name.toLowerCase())?.(options);
  }

  /** Creates the codec of a static payload type (RFC 3551 §6), if known. */
  createForStaticPayloadType(payloadType: number): Codec | undefined {
    const name = this.#byStaticPt.get(payloadType);
    return name === undefined ? undefined : this.create(name);
  }
}

/** A registry with PCMU, PCMA, G722, L16 and opus. */
export function createDefaultCodecRegistry(): CodecRegistry {
  return new CodecRegistry()
    .register('PCMU', createPcmu, 0)
    .register('PCMA', createPcma, 8)
    .register('G722', createG722, 9)
    .register('L16', createL16)
    .register('opus', createOpus);
}
