import dgram from 'node:dgram';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeClock, silentLogger } from '../../core/index.ts';
import { SourceLimiter, DEFAULT_SOURCE_LIMITS } from './source-limiter.ts';
import type { InboundPacket, TransportAddress } from './transport-types.ts';
import { literalFirstLookup, UdpTransport } from './udp-transport.ts';

const ADDRESS = '127.0.0.31';
const open: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.stop()));
});

function makeTransport(limits = DEFAULT_SOURCE_LIMITS, clock = new FakeClock()): UdpTransport {
  const t = new UdpTransport({
    address: ADDRESS,
    port: 0,
    maxMessageBytes: 65_535,
    socketBufferBytes: 1 << 20,
    limiter: new SourceLimiter(limits, clock),
    logger: silentLogger(),
  });
  open.push(t);
  return t;
}

async function client(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.32', () => r()));
  open.push({ stop: () => new Promise<void>((r) => s.close(() => r())) });
  return s;
}

describe('UdpTransport', () => {
  test('UdpTransport when a datagram arrives → emits it with source and local address', async () => {
    const t = makeTransport();
    const local = await t.listen();
    const got = new Promise<InboundPacket>((r) => t.once('packet', r));
    const c = await client();
    c.send('OPTIONS sip:x SIP/2.0\r\n\r\n', local.port, ADDRESS);
    const p = await got;
    expect(p.data.toString()).toBe('OPTIONS sip:x SIP/2.0\r\n\r\n');
    expect(p.source.address).toBe('127.0.0.32');
    expect(p.source.protocol).toBe('udp');
    expect(p.local).toEqual(local);
    expect(p.connectionId).toBeUndefined();
  });

  test('UdpTransport.send() → the peer receives the bytes', async () => {
    const t = makeTransport();
    await t.listen();
    const c = await client();
    const got = new Promise<Buffer>((r) => c.once('message', r));
    const res = await t.send(Buffer.from('SIP/2.0 200 OK\r\n\r\n'), {
      address: '127.0.0.32',
      port: c.address().port,
    });
    expect(res).toEqual({ ok: true });
    expect((await got).toString()).toBe('SIP/2.0 200 OK\r\n\r\n');
  });

  test('UdpTransport when a source exceeds its rate → drops and reports rate-limited', async () => {
    const t = makeTransport({ ...DEFAULT_SOURCE_LIMITS, messagesPerSec: 1, burst: 2 });
    const local = await t.listen();
    const drops: string[] = [];
    let packets = 0;
    t.on('drop', (_s: TransportAddress, reason) => drops.push(reason));
    t.on('packet', () => packets++);
    const c = await client();
    for (let i = 0; i < 5; i++) c.send(`X${i}`, local.port, ADDRESS);
    await new Promise((r) => setTimeout(r, 200));
    expect(packets).toBe(2);
    expect(drops).toEqual(['rate-limited', 'rate-limited', 'rate-limited']);
  });

  test('UdpTransport when a CRLF keepalive arrives → reports keepalive, no packet', async () => {
    const t = makeTransport();
    const local = await t.listen();
    const got = new Promise<TransportAddress>((r) => t.once('keepalive', r));
    const c = await client();
    c.send('\r\n\r\n', local.port, ADDRESS);
    expect((await got).address).toBe('127.0.0.32');
  });

  test('UdpTransport.send() after stop() → an error result, no throw', async () => {
    const t = makeTransport();
    await t.listen();
    await t.stop();
    const res = await t.send(Buffer.from('x'), { address: ADDRESS, port: 9 });
    expect(res.ok).toBe(false);
  });

  test('literalFirstLookup() when given an IP literal → answers before returning, with its family', () => {
    const answers: Array<[string, number]> = [];
    literalFirstLookup('127.0.0.49', { family: 4 }, (_e, address, family) =>
      answers.push([address, family]),
    );
    literalFirstLookup('::1', { family: 6 }, (_e, address, family) =>
      answers.push([address, family]),
    );
    expect(answers).toEqual([
      ['127.0.0.49', 4],
      ['::1', 6],
    ]);
  });

  test('literalFirstLookup() when given a name → asks DNS (localhost resolves)', async () => {
    const address = await new Promise<string>((resolve, reject) =>
      literalFirstLookup('localhost', { family: 4 }, (e, a) => (e ? reject(e) : resolve(a))),
    );
    expect(address).toMatch(/^127\./);
  });
});
