import { describe, expect, test } from 'vitest';
import { err, silentLogger } from '../../core/index.ts';
import type { CallEnd, CallRecorder, CallStart, MediaControl } from '../../core/index.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { RecordingCallRecorder } from './recording-call-recorder.ts';
import type { RecordingDecision } from './recording-policy.ts';

class InnerRecorder implements CallRecorder {
  readonly events: Array<[string, string, unknown]> = [];
  started(call: CallStart): void {
    this.events.push(['started', call.callId, undefined]);
  }
  answered(callId: string, at: number): void {
    this.events.push(['answered', callId, at]);
  }
  ended(callId: string, end: CallEnd): void {
    this.events.push(['ended', callId, end.recordingPath]);
  }
}

const start = (callId: string): CallStart => ({
  callId,
  teamId: 3,
  callType: 'internal',
  callerNumber: '1000',
  calledNumber: '1001',
  callerExtensionId: 1,
  startedAtMs: Date.UTC(2026, 10, 25, 10),
});
const end: CallEnd = { endedAtMs: 0, result: 'answered', hangupCause: 16, hangupSide: 'caller' };
const yes: RecordingDecision = {
  isRecorded: true,
  reasons: ['caller-extension'],
  scope: 'answered',
};
const no: RecordingDecision = { isRecorded: false, reasons: [], scope: 'answered' };

function setup(decision: RecordingDecision, media: MediaControl = new FakeMediaControl()) {
  const inner = new InnerRecorder();
  const prepared: string[] = [];
  const recorder = new RecordingCallRecorder({
    inner,
    media,
    policy: { decide: () => decision },
    logger: silentLogger(),
    prepare: async (path) => void prepared.push(path),
    trunkGains: (id) => (id === 9 ? { recordGainInternal: 3, recordGainExternal: -6 } : undefined),
  });
  return { inner, recorder, prepared };
}

describe('RecordingCallRecorder', () => {
  test('EXT-9 when a recorded call is answered → record(caller leg, mixed) at the D25 path', async () => {
    const media = new FakeMediaControl();
    const { recorder, inner, prepared } = setup(yes, media);
    recorder.started(start('c1'));
    expect(media.operations).toHaveLength(0);
    recorder.answered('c1', 5);
    await recorder.drain();
    await new Promise((r) => setImmediate(r));
    const [op] = media.operations;
    expect(op?.kind).toBe('record');
    expect(op?.ref).toEqual({ callId: 'c1', legId: 'a' });
    expect(op?.recordOptions).toEqual({ path: '3/2026-11-25/c1.wav', mode: 'mixed' });
    expect(prepared).toEqual(['3/2026-11-25/c1.wav']);
    recorder.ended('c1', end);
    await recorder.drain();
    expect(op?.isEnded).toBe(true);
    expect(inner.events).toEqual([
      ['started', 'c1', undefined],
      ['answered', 'c1', 5],
      ['ended', 'c1', '3/2026-11-25/c1.wav'],
    ]);
    expect(recorder.activeCount).toBe(0);
  });

  test.each([
    ['inbound', 9, undefined, { inbound: -6, outbound: 3 }],
    ['outbound', undefined, 9, { inbound: 3, outbound: -6 }],
    ['outbound', undefined, 8, undefined],
  ] as const)(
    'TRK-10 a recorded %s call via trunk (start %s, answer %s) → gains on the caller leg %o',
    async (callType, startTrunk, answerTrunk, gainDb) => {
      const media = new FakeMediaControl();
      const { recorder } = setup(yes, media);
      recorder.started({ ...start('g1'), callType, trunkId: startTrunk });
      recorder.answered('g1', 5, undefined, answerTrunk);
      await new Promise((r) => setImmediate(r));
      expect(media.operations[0]?.recordOptions).toEqual({
        path: '3/2026-11-25/g1.wav',
        mode: 'mixed',
        ...(gainDb === undefined ? {} : { gainDb }),
      });
      recorder.ended('g1', end);
      await recorder.drain();
    },
  );

  test('CDR-3 when the file is still closing → the CDR waits for finished', async () => {
    const media = new FakeMediaControl();
    const { recorder, inner } = setup(yes, media);
    recorder.started(start('c2'));
    recorder.answered('c2', 1);
    await new Promise((r) => setImmediate(r));
    const op = media.operations[0]!;
    let closed!: () => void;
    op.stop = () => new Promise<void>((resolve) => (closed = resolve));
    recorder.ended('c2', end);
    await new Promise((r) => setImmediate(r));
    expect(inner.events.some(([kind]) => kind === 'ended')).toBe(false);
    op.end('hangup');
    closed();
    await recorder.drain();
    expect(inner.events.at(-1)).toEqual(['ended', 'c2', '3/2026-11-25/c2.wav']);
  });

  test('when the call is not recorded → passed through, no record()', async () => {
    const media = new FakeMediaControl();
    const { recorder, inner } = setup(no, media);
    recorder.started(start('c3'));
    recorder.answered('c3', 1);
    recorder.ended('c3', end);
    expect(media.operations).toHaveLength(0);
    expect(inner.events.at(-1)).toEqual(['ended', 'c3', undefined]);
  });

  test('TM-6 scope answered: a call that is never answered → no recording', async () => {
    const media = new FakeMediaControl();
    const { recorder, inner } = setup(yes, media);
    recorder.started(start('c4'));
    recorder.ended('c4', { ...end, result: 'no-answer' });
    await recorder.drain();
    expect(media.operations).toHaveLength(0);
    expect(inner.events.at(-1)).toEqual(['ended', 'c4', undefined]);
  });

  test('when record() fails → logged, the CDR has no recording, nothing throws', async () => {
    const media = new FakeMediaControl();
    media.record = async () => err({ code: 'ERR_MEDIA_SESSION_NOT_FOUND', detail: 'gone' });
    const { recorder, inner } = setup(yes, media);
    recorder.started(start('c5'));
    recorder.answered('c5', 1);
    recorder.ended('c5', end);
    await recorder.drain();
    expect(inner.events.at(-1)).toEqual(['ended', 'c5', undefined]);
  });

  test('when the recording ends in error or prepare() throws → no recording', async () => {
    const media = new FakeMediaControl();
    const { recorder, inner } = setup(yes, media);
    recorder.started(start('c6'));
    recorder.answered('c6', 1);
    await new Promise((r) => setImmediate(r));
    media.operations[0]!.end('error');
    recorder.ended('c6', end);
    await recorder.drain();
    expect(inner.events.at(-1)).toEqual(['ended', 'c6', undefined]);

    const broken = new RecordingCallRecorder({
      inner,
      media,
      policy: { decide: () => yes },
      logger: silentLogger(),
      prepare: async () => {
        throw new Error('EACCES');
      },
    });
    broken.started(start('c7'));
    broken.answered('c7', 1);
    broken.ended('c7', end);
    await broken.drain();
    expect(inner.events.at(-1)).toEqual(['ended', 'c7', undefined]);
  });

  test('when the policy throws → the call goes on unrecorded', () => {
    const inner = new InnerRecorder();
    const recorder = new RecordingCallRecorder({
      inner,
      media: new FakeMediaControl(),
      policy: {
        decide: () => {
          throw new Error('store closed');
        },
      },
      logger: silentLogger(),
      prepare: async () => undefined,
    });
    expect(() => recorder.started(start('c8'))).not.toThrow();
    recorder.ended('c8', end);
    expect(inner.events.at(-1)).toEqual(['ended', 'c8', undefined]);
  });
});
