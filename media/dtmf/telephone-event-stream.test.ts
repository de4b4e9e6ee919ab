import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DtmfEvent } from './dtmf-digit.ts';
import { serializeTelephoneEvent } from './telephone-event.ts';
import { TelephoneEventReceiver } from './telephone-event-receiver.ts';
import { TelephoneEventSender } from './telephone-event-sender.ts';
import type { TelephoneEventPacket } from './telephone-event-sender.ts';

interface Sent extends TelephoneEventPacket {
  readonly sequenceNumber: number;
  readonly atMs: number;
}

/** Runs a sender for `ticks` packet slots, numbering packets like an RTP stream. */
function run(sender: TelephoneEventSender, ticks: number, firstSeq = 0): Sent[] {
  const sent: Sent[] = [];
  let seq = firstSeq;
  for (let i = 0; i < ticks; i++) {
    const p = sender.tick(1000 + i * 160);
    // Audio packets also take sequence numbers, so count every slot.
    seq = (seq + 1) & 0xffff;
    if (p !== undefined) sent.push({ ...p, sequenceNumber: seq, atMs: i * 20 });
  }
  return sent;
}

function feed(receiver: TelephoneEventReceiver, packets: readonly Sent[]): DtmfEvent[] {
  return packets.flatMap((p) =>
    receiver.receive(
      {
        payload: serializeTelephoneEvent(p.payload),
        timestamp: p.timestamp,
        sequenceNumber: p.sequenceNumber,
      },
      p.atMs,
    ),
  );
}
const begun = (events: DtmfEvent[]): string =>
  events
    .filter((e) => e.kind === 'begin')
    .map((e) => e.digit)
    .join('');

describe('TelephoneEventSender', () => {
  test('TelephoneEventSender.tick() when sending one 100 ms digit → marker, updates every ptime, three ends with one timestamp', () => {
    const sender = new TelephoneEventSender({ durationMs: 100, pauseMs: 40 });
    sender.enqueue('5');
    const sent = run(sender, 12);
    expect(sent.map((p) => p.payload.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(sent.map((p) => p.payload.isEnd)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(sent.map((p) => p.isMarker)).toEqual([true, false, false, false, false, false, false]);
    expect(new Set(sent.map((p) => p.timestamp))).toEqual(new Set([1000]));
    expect(sender.state).toBe('idle');
  });

  test('TelephoneEventSender.tick() when digits are queued → a pause between them and a new timestamp each', () => {
    const sender = new TelephoneEventSender({ durationMs: 60, pauseMs: 40 });
    sender.enqueue('12');
    const sent = run(sender, 20);
    const markers = sent.filter((p) => p.isMarker);
    expect(markers.map((p) => p.payload.event)).toEqual([1, 2]);
    expect(markers[1]!.atMs - markers[0]!.atMs).toBe(20 * (3 + 2 + 2));
  });

  test('TelephoneEventSender.enqueue() when given a bad digit or a too long duration → ValidationError', () => {
    const sender = new TelephoneEventSender();
    expect(() => sender.enqueue('5x')).toThrow(/not a DTMF digit/);
    expect(() => sender.enqueue('5', 9000)).toThrow(/segment/);
    expect(sender.queuedCount).toBe(0);
  });
});

describe('TelephoneEventReceiver', () => {
  const digits = '159#*0D';
  const sender = new TelephoneEventSender({ durationMs: 80, pauseMs: 60 });
  sender.enqueue(digits);
  const stream = run(sender, 200, 65_500);

  test('TelephoneEventReceiver.receive() when the stream arrives in order (seq wrapping) → each digit begins and ends once', () => {
    const events = feed(new TelephoneEventReceiver(), stream);
    expect(begun(events)).toBe(digits);
    expect(events.filter((e) => e.kind === 'end').map((e) => e.durationMs)).toEqual([
      80, 80, 80, 80, 80, 80, 80,
    ]);
  });

  test('TelephoneEventReceiver.receive() when start packets are lost → digits still reported once', () => {
    const lossy = stream.filter((p) => !p.isMarker);
    expect(begun(feed(new TelephoneEventReceiver(), lossy))).toBe(digits);
  });

  test('TelephoneEventReceiver.receive() when all end packets are lost → the next digit ends the previous', () => {
    const receiver = new TelephoneEventReceiver();
    const events = feed(
      receiver,
      stream.filter((p) => !p.payload.isEnd),
    );
    expect(begun(events)).toBe(digits);
    expect(events.filter((e) => e.kind === 'end')).toHaveLength(digits.length - 1);
    expect(receiver.poll(10_000)).toEqual([{ kind: 'end', digit: 'D', durationMs: 60 }]);
  });

  test('TelephoneEventReceiver.receive() when packets are duplicated, dropped and reordered (property) → every delivered digit exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: -3, max: 3 })), {
          minLength: stream.length,
          maxLength: stream.length,
        }),
        (plan) => {
          // Each packet is sent 0–2 times and jittered by up to ±3 slots.
          const delivered = stream
            .flatMap((p, i) =>
              Array.from({ length: plan[i]?.[0] ?? 1 }, () => ({ p, at: i + (plan[i]?.[1] ?? 0) })),
            )
            .sort((a, b) => a.at - b.at)
            .map((x) => x.p);
          const events = feed(new TelephoneEventReceiver(), delivered);
          const expected = [...new Set(delivered.map((p) => `${p.timestamp}`))].length;
          const begins = events.filter((e) => e.kind === 'begin');
          expect(begins).toHaveLength(expected);
          expect(events.filter((e) => e.kind === 'end').length).toBeLessThanOrEqual(expected);
          expect([...begun(events)].every((d) => digits.includes(d))).toBe(true);
        },
      ),
      { numRuns: 300, interruptAfterTimeLimit: 2000 },
    );
  });

  test('TelephoneEventReceiver.receive() when a long event continues in a new segment (§2.5.1.3) → one digit', () => {
    const receiver = new TelephoneEventReceiver();
    const pkt = (timestamp: number, duration: number, isEnd: boolean, seq: number): DtmfEvent[] =>
      receiver.receive(
        {
          payload: serializeTelephoneEvent({ event: 3, isEnd, volume: 10, duration }),
          timestamp,
          sequenceNumber: seq,
        },
        seq * 20,
      );
    const events = [
      ...pkt(0, 65_535, false, 1),
      ...pkt(65_535, 160, false, 2),
      ...pkt(65_535, 800, true, 3),
    ];
    expect(events).toEqual([
      { kind: 'begin', digit: '3' },
      { kind: 'end', digit: '3', durationMs: 8292 },
    ]);
  });

  test('TelephoneEventReceiver.receive() when given malformed, non-DTMF and stale packets → counted, no digit', () => {
    const receiver = new TelephoneEventReceiver();
    const ok = (seq: number, event: number): DtmfEvent[] =>
      receiver.receive(
        {
          payload: serializeTelephoneEvent({ event, isEnd: false, volume: 10, duration: 160 }),
          timestamp: seq * 1000,
          sequenceNumber: seq,
        },
        0,
      );
    expect(
      receiver.receive({ payload: new Uint8Array(2), timestamp: 0, sequenceNumber: 1 }, 0),
    ).toEqual([]);
    expect(ok(1000, 70)).toEqual([]);
    expect(ok(1001, 4)).toHaveLength(1);
    expect(ok(500, 6)).toEqual([]);
    expect(receiver.stats).toEqual({ malformed: 1, duplicates: 0, stale: 1, unsupported: 1 });
  });
});
