import { describe, expect, test } from 'vitest';
import { loadFixtures } from '../../test/fixtures/sip/load-fixtures.ts';
import { SipStreamFramer } from './stream-framer.ts';
import type { FramerEvent } from './stream-framer.ts';

const msgA = Buffer.from(
  'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nContent-Length: 5\r\n\r\nhello',
);
const msgB = Buffer.from('SIP/2.0 200 OK\r\nl: 0\r\n\r\n');

function types(events: FramerEvent[]): string[] {
  return events.map((e) =>
    e.type === 'message'
      ? `message:${e.data.length}`
      : e.type === 'error'
        ? `error:${e.error.code}`
        : e.type,
  );
}

describe('SipStreamFramer', () => {
  test('push() when two messages arrive in one chunk → both, by Content-Length', () => {
    const f = new SipStreamFramer();
    expect(types(f.push(Buffer.concat([msgA, msgB])))).toEqual([
      `message:${msgA.length}`,
      `message:${msgB.length}`,
    ]);
    expect(f.bufferedBytes).toBe(0);
  });

  test('push() when fed one byte at a time → same messages', () => {
    const f = new SipStreamFramer();
    const all = Buffer.concat([msgA, msgB, msgA]);
    const out: FramerEvent[] = [];
    for (let i = 0; i < all.length; i++) out.push(...f.push(all.subarray(i, i + 1)));
    expect(types(out)).toEqual([
      `message:${msgA.length}`,
      `message:${msgB.length}`,
      `message:${msgA.length}`,
    ]);
    const first = out[0];
    expect(first?.type === 'message' && first.data.equals(msgA)).toBe(true);
  });

  test('push() when CRLFCRLF between messages → ping (RFC 5626 §3.5.1)', () => {
    const f = new SipStreamFramer();
    expect(types(f.push(Buffer.concat([msgB, Buffer.from('\r\n\r\n'), msgB])))).toEqual([
      `message:${msgB.length}`,
      'ping',
      `message:${msgB.length}`,
    ]);
  });

  test('push() when a lone CRLF arrives → pong; when a ping is split → pong then ping', () => {
    const f = new SipStreamFramer();
    expect(types(f.push(Buffer.from('\r\n')))).toEqual(['pong']);
    expect(types(f.push(Buffer.from('\r\n')))).toEqual(['ping']);
    expect(types(f.push(Buffer.from('\r\nSIP/2.0 200 OK\r\nl: 0\r\n\r\n')))).toEqual([
      'pong',
      `message:${msgB.length}`,
    ]);
  });

  test('push() when headers never end → error past maxMessageBytes, then only errors', () => {
    const f = new SipStreamFramer({ maxMessageBytes: 100 });
    expect(types(f.push(Buffer.alloc(60, 0x41)))).toEqual([]);
    expect(types(f.push(Buffer.alloc(60, 0x41)))).toEqual(['error:ERR_SIP_MESSAGE_TOO_LARGE']);
    expect(f.bufferedBytes).toBe(0);
    expect(types(f.push(msgB))).toEqual(['error:ERR_SIP_MESSAGE_TOO_LARGE']);
  });

  test('push() when Content-Length announces too much → error before buffering it', () => {
    const f = new SipStreamFramer({ maxMessageBytes: 1000 });
    expect(
      types(f.push(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n'))),
    ).toEqual(['error:ERR_SIP_MESSAGE_TOO_LARGE']);
  });

  test('push() when Content-Length is negative (RFC 4475 ncl) → framing error', () => {
    const ncl = loadFixtures('torture').find((x) => x.name === 'ncl.dat')?.data ?? Buffer.alloc(0);
    expect(types(new SipStreamFramer().push(ncl))).toEqual(['error:ERR_SIP_CONTENT_LENGTH']);
  });

  test('push() when the body is incomplete → waits for it', () => {
    const f = new SipStreamFramer();
    expect(f.push(msgA.subarray(0, msgA.length - 2))).toEqual([]);
    expect(types(f.push(msgA.subarray(msgA.length - 2)))).toEqual([`message:${msgA.length}`]);
  });
});
