import fc from 'fast-check';
import { loadSdpFixture } from '../../test/fixtures/sdp/load-fixture.ts';
import { describe, expect, test } from 'vitest';
import { createAnswer } from './create-answer.ts';
import { parseSdp } from './parse-sdp.ts';
import { serializeSdp } from './serialize-sdp.ts';

const SEED = loadSdpFixture('webrtc.in.sdp');
const LINES = SEED.split('\r\n');
const LOCAL = {
  origin: { username: 'f', sessionId: '1' },
  address: '198.51.100.7',
  ports: [40000, 40002],
  codecs: [{ encodingName: 'PCMU', clockRateHz: 8000 }],
  telephoneEvents: '0-16',
};

describe('parseSdp fuzz (fast-check, bounded)', () => {
  test('parseSdp() when given random bytes → never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const r = parseSdp(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 1500, interruptAfterTimeLimit: 1000 },
    );
  });

  test('parseSdp() when a valid body is mutated line by line → never throws, and what parses round-trips and answers', () => {
    const mutatedLine = fc.oneof(
      fc.constantFrom(...LINES),
      fc.string({ maxLength: 40 }),
      fc
        .tuple(
          fc.constantFrom('v', 'o', 's', 'c', 'm', 'a', 't', 'b', 'r'),
          fc.string({ maxLength: 30 }),
        )
        .map(([t, v]) => `${t}=${v}`),
    );
    fc.assert(
      fc.property(fc.array(mutatedLine, { maxLength: 40 }), (extra) => {
        const text = [...LINES.slice(0, 4), ...extra].join('\r\n');
        const r = parseSdp(text);
        if (!r.ok) {
          expect(r.error.offset).toBeGreaterThanOrEqual(0);
          expect(r.error.offset).toBeLessThanOrEqual(Buffer.byteLength(text));
          return;
        }
        const again = parseSdp(serializeSdp(r.value));
        expect(again.ok).toBe(true);
        if (again.ok) expect(serializeSdp(again.value)).toBe(serializeSdp(r.value));
        createAnswer(r.value, LOCAL);
      }),
      { numRuns: 1500, interruptAfterTimeLimit: 1500 },
    );
  });
});
