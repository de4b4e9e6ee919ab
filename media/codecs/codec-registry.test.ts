import { describe, expect, it } from 'vitest';
import {
  OpusCodec,
  Transcoder,
  createDefaultCodecRegistry,
  decodeL16,
  encodeL16,
  encodeL16Into,
} from './index.ts';
import type { Codec } from './index.ts';
import { concat, sine, toneAmplitude, worstSpurDb } from './test-signals.ts';

const registry = createDefaultCodecRegistry();

function create(name: string): Codec {
  const codec = registry.create(name);
  if (codec === undefined) throw new Error(`no codec ${name}`);
  return codec;
}

function decodeOk(codec: Codec, payload: Uint8Array): Int16Array {
  const result = codec.decode(payload);
  if (!result.ok) throw new Error(result.error.detail);
  return result.value;
}

describe('CodecRegistry', () => {
  it('CodecRegistry.create() when given names in any case → codecs with RFC 3551 parameters', () => {
    expect(registry.create('pcmu')).toMatchObject({
      name: 'PCMU',
      payloadType: 0,
      isStaticPayloadType: true,
      clockRateHz: 8000,
    });
    expect(registry.create('PCMA')?.payloadType).toBe(8);
    const g722 = create('g722');
    expect([g722.payloadType, g722.clockRateHz, g722.sampleRateHz]).toEqual([9, 8000, 16000]);
    expect(g722.frameSamples(20)).toBe(320);
    expect(registry.create('L16', { clockRateHz: 44100 })?.payloadType).toBe(11);
    expect(registry.create('L16', { clockRateHz: 16000, payloadType: 97 })).toMatchObject({
      payloadType: 97,
      isStaticPayloadType: false,
      sampleRateHz: 16000,
    });
    expect(registry.create('GSM')).toBeUndefined();
  });

  it('CodecRegistry.createForStaticPayloadType() when given 0, 8, 9 → PCMU, PCMA, G722', () => {
    expect([0, 8, 9, 3].map((pt) => registry.createForStaticPayloadType(pt)?.name)).toEqual([
      'PCMU',
      'PCMA',
      'G722',
      undefined,
    ]);
  });

  it('Codec.encode()/decode() when PCMU, PCMA, G722 or L16 carry a 20 ms tone → the tone survives', () => {
    for (const name of ['PCMU', 'PCMA', 'G722', 'L16']) {
      const codec = create(name);
      const frames: Int16Array[] = [];
      const input = sine(1000, codec.sampleRateHz, codec.frameSamples(20) * 25);
      for (let i = 0; i < input.length; i += codec.frameSamples(20)) {
        const pcm = input.subarray(i, i + codec.frameSamples(20));
        frames.push(decodeOk(codec, codec.encode(pcm)));
      }
      const out = concat(frames).subarray(codec.sampleRateHz / 10);
      expect(toneAmplitude(out, 1000, codec.sampleRateHz), name).toBeGreaterThan(9700);
    }
  });
});

describe('L16', () => {
  it('encodeL16() when given samples → big-endian octets, and back', () => {
    const pcm = Int16Array.of(1, -2, 0x1234, -32768);
    const wire = encodeL16(pcm);
    expect(wire.toString('hex')).toBe('0001fffe12348000');
    expect(decodeL16(wire)).toEqual(pcm);
    expect(() => encodeL16Into(pcm, new Uint8Array(7))).toThrow(RangeError);
  });
});

describe('OpusCodec', () => {
  it('OpusCodec when a 1 kHz tone is coded in 20 ms frames → frequency and level survive', () => {
    const opus = new OpusCodec();
    expect([opus.clockRateHz, opus.payloadType, opus.frameSamples(20)]).toEqual([48000, 111, 960]);
    const input = sine(1000, 48000, 960 * 25);
    const frames: Int16Array[] = [];
    for (let i = 0; i < input.length; i += 960) {
      const payload = opus.encode(input.subarray(i, i + 960));
      expect(payload.length).toBeLessThan(200);
      frames.push(decodeOk(opus, payload));
    }
    const out = concat(frames).subarray(4800);
    expect(toneAmplitude(out, 1000, 48000)).toBeGreaterThan(8000);
    expect(worstSpurDb(out, 1000, 48000, 100, 250)).toBeLessThan(-30);
  });

  it('OpusCodec.decode() when the payload is garbage → a Result error, no throw', () => {
    const result = new OpusCodec().decode(Buffer.from([0xff, 0xff, 0xff]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('ERR_OPUS_DECODE');
  });

  it('OpusCodec.encode() when the frame length is not an Opus frame size → RangeError', () => {
    expect(() => new OpusCodec().encode(new Int16Array(1000))).toThrow(RangeError);
  });
});

describe('Transcoder', () => {
  it('Transcoder.transcode() when PCMU → PCMA → equals decode then encode', () => {
    const pcmu = create('PCMU');
    const pcma = create('PCMA');
    const payload = pcmu.encode(sine(440, 8000, 160));
    const result = new Transcoder(pcmu, pcma).transcode(payload);
    expect(result.ok && result.value).toEqual(pcma.encode(decodeOk(pcmu, payload)));
  });

  it.each([
    ['PCMU', 'G722'],
    ['G722', 'PCMA'],
    ['PCMA', 'opus'],
    ['opus', 'PCMU'],
    ['L16', 'G722'],
  ])('Transcoder.transcode() when %s → %s carries a 1 kHz tone → the tone arrives', (a, b) => {
    const from = create(a);
    const to = create(b);
    const sink = create(b);
    const transcoder = new Transcoder(from, to);
    const input = sine(1000, from.sampleRateHz, from.frameSamples(20) * 25, 8000);
    const frames: Int16Array[] = [];
    for (let i = 0; i < input.length; i += from.frameSamples(20)) {
      const result = transcoder.transcode(
        from.encode(input.subarray(i, i + from.frameSamples(20))),
      );
      if (!result.ok) throw new Error(result.error.detail);
      frames.push(decodeOk(sink, result.value));
    }
    const out = concat(frames).subarray(to.sampleRateHz / 10);
    expect(toneAmplitude(out, 1000, to.sampleRateHz)).toBeGreaterThan(6500);
    expect(toneAmplitude(out, 1000, to.sampleRateHz)).toBeLessThan(8500);
  });

  it('Transcoder.outputTimestampUnits() when PCMU → opus → scales 160 to 960', () => {
    expect(new Transcoder(create('PCMU'), create('opus')).outputTimestampUnits(160)).toBe(960);
    expect(new Transcoder(create('PCMU'), create('G722')).outputTimestampUnits(160)).toBe(160);
  });
});

describe('OpusCodec edge cases', () => {
  it('OpusCodec.decode() when the payload is empty → ERR_OPUS_EMPTY', () => {
    const result = new OpusCodec().decode(Buffer.alloc(0));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('ERR_OPUS_EMPTY');
  });

  it('OpusCodec.decode() when fed 2000 random payloads → never throws', () => {
    const opus = new OpusCodec();
    let seed = 99;
    for (let n = 0; n < 2000; n++) {
      const payload = new Uint8Array(1 + (n % 300));
      for (let i = 0; i < payload.length; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        payload[i] = seed >>> 24;
      }
      expect(() => opus.decode(payload)).not.toThrow();
    }
  });
});
