import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadFixtures } from '../../test/fixtures/sip/load-fixtures.ts';
import { parseSipMessage } from './parser.ts';
import { serializeSipMessage } from './serializer.ts';
import type { SipMessage } from './sip-message.ts';
import { SipStreamFramer } from './stream-framer.ts';
import { validateRequest, validateResponse } from './validate.ts';

const seeds = [...loadFixtures('torture'), ...loadFixtures('ipv6')].map((f) => f.data);

/** Touches every lazy accessor, as the layers above would. */
function exercise(m: SipMessage): void {
  m.topVia();
  m.vias();
  m.from();
  m.to();
  m.callId();
  m.cseq();
  m.maxForwards();
  m.contacts();
  m.expires();
  m.contentType();
  m.require();
  m.routes();
  m.recordRoutes();
  m.getHeaderValues('Accept');
  if (m.isRequest) {
    m.uri();
    validateRequest(m, { checkProxyRequire: true });
  } else {
    validateResponse(m);
  }
  const again = parseSipMessage(serializeSipMessage(m));
  if (again.ok) again.value.vias();
}

/** Byte flips, truncation, insertion and duplication of a fixture. */
const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant('flip' as const),
          at: fc.nat(),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({
          kind: fc.constant('insert' as const),
          at: fc.nat(),
          bytes: fc.constantFrom(
            ':',
            ';',
            ',',
            '"',
            '<',
            '>',
            '\r\n',
            '\r\n ',
            '[',
            ']',
            '%',
            '\\',
            ' ',
            '\0',
            '=',
            '@',
            '?',
          ),
        }),
        fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), len: fc.nat({ max: 64 }) }),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([seed, ops]) => {
    let buf = Buffer.from(seed);
    for (const op of ops) {
      const at = buf.length === 0 ? 0 : op.at % buf.length;
      if (op.kind === 'flip') buf[at] = op.byte;
      else if (op.kind === 'cut') buf = buf.subarray(0, at);
      else if (op.kind === 'insert')
        buf = Buffer.concat([
          buf.subarray(0, at),
          Buffer.from(op.bytes, 'latin1'),
          buf.subarray(at),
        ]);
      else
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at, at + op.len), buf.subarray(at)]);
    }
    return buf;
  });

describe('fuzz: parsers never throw', () => {
  test('parseSipMessage() and every accessor when fixtures are mutated → no exception', () => {
    fc.assert(
      fc.property(mutated, (buf) => {
        const r = parseSipMessage(buf);
        if (r.ok) exercise(r.value);
        else if (r.error.partial !== undefined) exercise(r.error.partial);
        else expect(typeof r.error.code).toBe('string');
      }),
      { numRuns: 3000, interruptAfterTimeLimit: 4000 },
    );
  });

  test('SipStreamFramer.push() when mutated streams arrive in random chunks → no exception, bounded buffer', () => {
    fc.assert(
      fc.property(
        fc.array(mutated, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 20 }),
        (msgs, sizes) => {
          const f = new SipStreamFramer({ maxMessageBytes: 4096 });
          const all = Buffer.concat(msgs);
          let at = 0;
          for (let i = 0; at < all.length; i++) {
            const n = sizes[i % sizes.length] ?? 1;
            for (const e of f.push(all.subarray(at, at + n)))
              if (e.type === 'message') parseSipMessage(e.data);
            at += n;
            expect(f.bufferedBytes).toBeLessThanOrEqual(4096 + 400);
          }
        },
      ),
      { numRuns: 500, interruptAfterTimeLimit: 1000 },
    );
  });
});
