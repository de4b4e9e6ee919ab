import { describe, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import type { MediaRecordOptions } from '../../core/index.ts';
import type { MediaScheduler } from '../endpoint/index.ts';
import type { Recorder } from '../recorder/index.ts';
import { LegRecording } from './leg-recording.ts';
import type { MediaLeg, PcmListener } from './media-leg.ts';

/** A leg with only the listener sets LegRecording uses. */
function fakeLeg(): MediaLeg & { inbound: Set<PcmListener>; outbound: Set<PcmListener> } {
  return { inbound: new Set(), outbound: new Set() } as unknown as MediaLeg & {
    inbound: Set<PcmListener>;
    outbound: Set<PcmListener>;
  };
}

function setUp(options: Omit<MediaRecordOptions, 'path'>) {
  const leg = fakeLeg();
  const written: Array<readonly (Int16Array | undefined)[]> = [];
  const recorder = { write: (legs: readonly (Int16Array | undefined)[]) => written.push(legs) };
  const streams = new Set<unknown>();
  const scheduler = {
    add: (s: unknown) => streams.add(s),
    remove: (s: unknown) => streams.delete(s),
  };
  const recording = new LegRecording({
    leg,
    recorder: recorder as unknown as Recorder,
    options: { path: 'x.wav', ...options },
    scheduler: scheduler as unknown as MediaScheduler,
    clock: new FakeClock(),
    onEnd: () => undefined,
  });
  const say = (set: Set<PcmListener>, ...samples: number[]) => {
    for (const listener of set) listener(Int16Array.from(samples));
  };
  return { leg, written, recording, say };
}

describe('LegRecording', () => {
  test('TRK-10 inbound with gainDb +6 → samples about doubled, saturated at 16 bits', () => {
    const { leg, written, say } = setUp({ mode: 'inbound', gainDb: { inbound: 6 } });
    say(leg.inbound, 1000, -1000, 30000);
    expect([...written[0]![0]!]).toEqual([1995, -1995, 32767]);
  });

  test('TRK-10 mixed with gains per direction → each direction scaled before pairing', () => {
    const { leg, written, recording, say } = setUp({
      mode: 'mixed',
      gainDb: { inbound: -6, outbound: 6 },
    });
    say(leg.inbound, 1000);
    say(leg.outbound, 1000);
    recording.tick();
    expect(written[0]!.map((pcm) => pcm?.[0])).toEqual([501, 1995]);
  });

  test('no gain → frames written as they came', () => {
    const { leg, written, say } = setUp({ mode: 'outbound' });
    say(leg.outbound, 7, -7);
    expect([...written[0]![0]!]).toEqual([7, -7]);
  });
});
