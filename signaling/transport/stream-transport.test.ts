import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { FakeClock, silentLogger } from '../../core/index.ts';
import { DEFAULT_SOURCE_LIMITS, SourceLimiter } from './source-limiter.ts';
import { StreamTransport } from './stream-transport.ts';
import { loadTlsFiles, watchTlsFiles } from './tls-files.ts';
import type { InboundPacket } from './transport-types.ts';
import { WsTransport } from './ws-transport.ts';

const open: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.stop()));
});

const OPTIONS = 'OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nContent-Length: 5\r\n\r\nhello';

function limiter(): SourceLimiter {
  return new SourceLimiter(DEFAULT_SOURCE_LIMITS, new FakeClock());
}

function tcp(
  address: string,
  extra: Partial<ConstructorParameters<typeof StreamTransport>[0]> = {},
): StreamTransport {
  const t = new StreamTransport({
    protocol: 'tcp',
    address,
    port: 0,
    limiter: limiter(),
    logger: silentLogger(),
    maxMessageBytes: 4096,
    idleTimeoutMs: 60_000,
    ...extra,
  });
  open.push(t);
  return t;
}

/** A self-signed certificate made with openssl, for the TLS tests. */
function makeCert(dir: string, cn: string): { certPath: string; keyPath: string } {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      `/CN=${cn}`,
    ],
    { stdio: 'ignore' },
  );
  return { certPath, keyPath };
}

describe('StreamTransport over TCP (RFC 3261 §18.3)', () => {
  test('messages split across segments and glued together → framed by Content-Length', async () => {
    const t = tcp('127.0.0.33');
    const local = await t.listen();
    const packets: InboundPacket[] = [];
    t.on('packet', (p) => packets.push(p));
    const socket = net.connect(local.port, local.address);
    await new Promise((r) => socket.once('connect', r));
    const two = Buffer.from(OPTIONS + OPTIONS);
    socket.write(two.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 20));
    socket.write(two.subarray(10));
    await new Promise((r) => setTimeout(r, 50));
    expect(packets.map((p) => p.data.toString())).toEqual([OPTIONS, OPTIONS]);
    expect(packets[0]!.connectionId).toBe(packets[1]!.connectionId);
    socket.destroy();
  });

  test('a double-CRLF ping → answered with one CRLF (RFC 5626 §3.5.1)', async () => {
    const t = tcp('127.0.0.33');
    const local = await t.listen();
    const socket = net.connect(local.port, local.address);
    const pong = new Promise<string>((r) => socket.once('data', (d) => r(d.toString())));
    socket.write('\r\n\r\n');
    expect(await pong).toBe('\r\n');
    socket.destroy();
  });

  test('send() to the peer → reuses the connection the peer opened (§18.2.2)', async () => {
    const t = tcp('127.0.0.33');
    const local = await t.listen();
    const got = new Promise<InboundPacket>((r) => t.once('packet', r));
    const socket = net.connect(local.port, local.address);
    socket.write(OPTIONS);
    const packet = await got;
    const reply = new Promise<string>((r) => socket.once('data', (d) => r(d.toString())));
    const res = await t.send(
      Buffer.from('SIP/2.0 200 OK\r\n\r\n'),
      packet.source,
      packet.connectionId,
    );
    expect(res.ok).toBe(true);
    expect(await reply).toBe('SIP/2.0 200 OK\r\n\r\n');
    expect(t.connectionCount).toBe(1);
    socket.destroy();
  });

  test('a message over the maximum size → dropped and the connection closed', async () => {
    const t = tcp('127.0.0.33');
    const local = await t.listen();
    const drops: string[] = [];
    t.on('drop', (_s, reason) => drops.push(reason));
    const socket = net.connect(local.port, local.address);
    const closed = new Promise((r) => socket.once('close', r));
    socket.on('error', () => undefined);
    socket.write(`OPTIONS sip:x SIP/2.0\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(5000)}`);
    await closed;
    expect(drops).toEqual(['too-large']);
  });
});

describe('StreamTransport over TLS', () => {
  test('TLS handshake and message → delivered; a new certificate file → used without restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-tls-'));
    const paths = makeCert(dir, 'first.test');
    const t = tcp('127.0.0.34', { protocol: 'tls', tlsOptions: loadTlsFiles(paths) });
    const local = await t.listen();
    const stopWatch = watchTlsFiles(paths, (o) => t.setSecureContext(o), silentLogger(), 50);
    const peerCn = async (): Promise<string> => {
      const socket = tls.connect({
        host: local.address,
        port: local.port,
        rejectUnauthorized: false,
      });
      await new Promise((r) => socket.once('secureConnect', r));
      const cn = String(socket.getPeerCertificate().subject.CN);
      socket.destroy();
      return cn;
    };
    expect(await peerCn()).toBe('first.test');
    const other = makeCert(mkdtempSync(join(tmpdir(), 'sy-tls-')), 'second.test');
    const { readFileSync } = await import('node:fs');
    writeFileSync(paths.keyPath, readFileSync(other.keyPath));
    writeFileSync(paths.certPath, readFileSync(other.certPath));
    const deadline = Date.now() + 5000;
    let cn = await peerCn();
    while (cn !== 'second.test' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      cn = await peerCn();
    }
    stopWatch();
    expect(cn).toBe('second.test');
  });
});

describe('WsTransport (RFC 7118)', () => {
  function ws(): WsTransport {
    const t = new WsTransport({
      protocol: 'ws',
      address: '127.0.0.35',
      port: 0,
      maxMessageBytes: 4096,
      limiter: limiter(),
      logger: silentLogger(),
    });
    open.push(t);
    return t;
  }

  test('a client offering subprotocol sip → accepted; each WebSocket message is one SIP message', async () => {
    const t = ws();
    const local = await t.listen();
    const got = new Promise<InboundPacket>((r) => t.once('packet', r));
    const client = new WebSocket(`ws://${local.address}:${local.port}`, 'sip');
    await new Promise((r) => client.once('open', r));
    expect(client.protocol).toBe('sip');
    client.send(OPTIONS);
    const packet = await got;
    expect(packet.data.toString()).toBe(OPTIONS);
    expect(packet.source.protocol).toBe('ws');
    const reply = new Promise<string>((r) => client.once('message', (d) => r(String(d))));
    await t.send(Buffer.from('SIP/2.0 200 OK\r\n\r\n'), packet.source, packet.connectionId);
    expect(await reply).toBe('SIP/2.0 200 OK\r\n\r\n');
    client.close();
  });

  test('a client without subprotocol sip → refused (§4.1)', async () => {
    const t = ws();
    const local = await t.listen();
    const client = new WebSocket(`ws://${local.address}:${local.port}`, 'chat');
    const outcome = await new Promise<string>((r) => {
      client.once('open', () => r('open'));
      client.once('error', () => r('refused'));
    });
    expect(outcome).toBe('refused');
  });
});
