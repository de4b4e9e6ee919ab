import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DTMF_DIGITS, digitToEvent, eventToDigit } from './dtmf-digit.ts';
import {
  parseApplicationDtmf,
  parseDtmfRelay,
  serializeApplicationDtmf,
  serializeDtmfRelay,
} from './sip-info.ts';
import {
  parseTelephoneEvent,
  serializeTelephoneEvent,
  serializeTelephoneEventInto,
} from './telephone-event.ts';

describe('RFC 4733 payload', () => {
  test('parseTelephoneEvent() when given digit 5, E bit, volume 10, duration 800 → those fields', () => {
    const r = parseTelephoneEvent(Uint8Array.of(5, 0x80 | 10, 0x03, 0x20));
    expect(r).toEqual({ ok: true, value: { event: 5, isEnd: true, volume: 10, duration: 800 } });
  });

  test('parseTelephoneEvent() when the R bit is set → ignored (§2.3.3)', () => {
    const r = parseTelephoneEvent(Uint8Array.of(1, 0x40 | 7, 0, 160));
    expect(r).toEqual({ ok: true, value: { event: 1, isEnd: false, volume: 7, duration: 160 } });
  });

  test.each([0, 1, 3])(
    'parseTelephoneEvent() when given %d bytes → ERR_RTP_EVENT_TOO_SHORT',
    (n) => {
      expect(parseTelephoneEvent(new Uint8Array(n))).toMatchObject({
        ok: false,
        error: { code: 'ERR_RTP_EVENT_TOO_SHORT', offset: n },
      });
    },
  );

  test('serializeTelephoneEvent() round-trips every field combination (property)', () => {
    const ev = fc.record({
      event: fc.integer({ min: 0, max: 255 }),
      isEnd: fc.boolean(),
      volume: fc.integer({ min: 0, max: 63 }),
      duration: fc.integer({ min: 0, max: 0xffff }),
    });
    fc.assert(
      fc.property(ev, (e) => {
        expect(parseTelephoneEvent(serializeTelephoneEvent(e))).toEqual({ ok: true, value: e });
      }),
    );
  });

  test('serializeTelephoneEventInto() when given an offset → writes there and returns 4', () => {
    const buf = new Uint8Array(8);
    expect(
      serializeTelephoneEventInto({ event: 11, isEnd: false, volume: 3, duration: 1 }, buf, 4),
    ).toBe(4);
    expect([...buf]).toEqual([0, 0, 0, 0, 11, 3, 0, 1]);
  });

  test('parseTelephoneEvent() fuzz: random bytes → never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (bytes) => {
        const r = parseTelephoneEvent(bytes);
        if (r.ok) expect(r.value.volume).toBeLessThan(64);
      }),
      { numRuns: 2000, interruptAfterTimeLimit: 1000 },
    );
  });

  test('digitToEvent()/eventToDigit() when mapping all 17 → Table 3 codes both ways', () => {
    DTMF_DIGITS.forEach((d, i) => {
      expect(digitToEvent(d)).toBe(i);
      expect(eventToDigit(i)).toBe(d);
    });
    expect(digitToEvent('a')).toBe(12);
    expect(digitToEvent('x')).toBeUndefined();
  });
});

describe('SIP INFO bodies', () => {
  test('parseDtmfRelay() when given Signal=5 Duration=160 → digit 5, 160 ms', () => {
    expect(parseDtmfRelay('Signal=5\r\nDuration=160\r\n')).toEqual({
      ok: true,
      value: { digit: '5', durationMs: 160 },
    });
  });

  test.each([
    ['signal= *\nduration=100\n', '*'],
    ['Signal=#\r\n', '#'],
    ['Signal=10\r\nDuration=250\r\n', '*'],
    ['Signal=d\r\n', 'D'],
    ['Signal=!\r\n', 'F'],
  ])('parseDtmfRelay(%j) → %s', (body, digit) => {
    const r = parseDtmfRelay(body);
    expect(r.ok && r.value.digit).toBe(digit);
  });

  test.each([
    ['Duration=160\r\n', 'ERR_DTMF_NO_SIGNAL'],
    ['Signal=X\r\n', 'ERR_DTMF_BAD_SIGNAL'],
    ['Signal=5\r\nDuration=-1\r\n', 'ERR_DTMF_BAD_DURATION'],
  ])('parseDtmfRelay(%j) → %s', (body, code) => {
    expect(parseDtmfRelay(body)).toMatchObject({ ok: false, error: { code } });
  });

  test('serializeDtmfRelay() when given # for 160 ms → the canonical body', () => {
    expect(serializeDtmfRelay({ digit: '#', durationMs: 160 })).toBe(
      'Signal=#\r\nDuration=160\r\n',
    );
    const r = parseDtmfRelay(serializeDtmfRelay({ digit: 'F', durationMs: 500 }));
    expect(r).toEqual({ ok: true, value: { digit: 'F', durationMs: 500 } });
  });

  test('parseApplicationDtmf()/serializeApplicationDtmf() when round-tripping every key → same key', () => {
    for (const digit of DTMF_DIGITS) {
      expect(parseApplicationDtmf(serializeApplicationDtmf({ digit }))).toEqual({
        ok: true,
        value: { digit },
      });
    }
    expect(parseApplicationDtmf('hello')).toMatchObject({
      ok: false,
      error: { code: 'ERR_DTMF_BAD_SIGNAL' },
    });
  });
});
