import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseSipMessage } from '../../signaling/message/index.ts';
import { loadFixtures } from '../fixtures/sip/load-fixtures.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.61';
const CLIENT = '127.0.0.62';

/** UDP sockets of the test client, one per port the fixtures' Vias name. */
const sockets = new Map<number, dgram.Socket>();
const received: Array<{ port: number; text: string }> = [];

async function socketFor(port: number): Promise<dgram.Socket> {
  let s = sockets.get(port);
  if (s !== undefined) return s;
  s = dgram.createSocket('udp4');
  s.on('message', (msg) => received.push({ port, text: msg.toString('latin1') }));
  await new Promise<void>((r) => s!.bind(port, CLIENT, () => r()));
  sockets.set(port, s);
  return s;
}

/**
 * What ties an answer to the fixture sent: its Call-ID, or its top Via
 * sent-by and branch (a fixture reusing another's branch matches that
 * transaction, §17.2.3, and gets its answer again). INVITEs now reach the
 * B2BUA, whose 401s are retransmitted (Timer G) until an ACK the test
 * never sends; without this they would land in a later fixture's window.
 */
function identity(data: Buffer): { callId?: string; via?: string } {
  const parsed = parseSipMessage(data);
  const msg = parsed.ok ? parsed.value : parsed.error.partial;
  const via = msg?.topVia();
  return {
    callId: msg?.callId(),
    via: via === undefined ? undefined : `${via.host}:${via.port ?? ''}:${via.branch ?? ''}`,
  };
}

/**
 * An unparseable fixture cannot be answered (no Via), and a response
 * fixture starts no transaction, so only a request can match by Via.
 */
function isAnswerTo(sent: { callId?: string; via?: string }, isRequest: boolean, text: string) {
  const got = identity(Buffer.from(text, 'latin1'));
  if (got.callId !== undefined && got.callId === sent.callId) return true;
  return isRequest && got.via !== undefined && got.via === sent.via;
}

function viaPort(data: Buffer): number {
  const parsed = parseSipMessage(data);
  const msg = parsed.ok ? parsed.value : parsed.error.partial;
  return msg?.topVia()?.port ?? 5060;
}

async function sendAndCollect(data: Buffer, waitMs: number): Promise<string[]> {
  const port = viaPort(data);
  const socket = await socketFor(port);
  received.length = 0;
  await new Promise<void>((r) => socket.send(data, 5060, SWITCH, () => r()));
  const sent = identity(data);
  const isRequest = data.toString('latin1', 0, 8) !== 'SIP/2.0 ';
  const own = () => received.filter((m) => isAnswerTo(sent, isRequest, m.text));
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (own().some((m) => /^SIP\/2\.0 [2-6]\d\d/.test(m.text))) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return own().map((m) => m.text);
}

function finalStatus(responses: string[]): number | undefined {
  for (const text of responses) {
    const m = /^SIP\/2\.0 ([2-6]\d\d)/.exec(text);
    if (m) return Number(m[1]);
  }
  return undefined;
}

describe('RFC 4475 torture messages over UDP to a running switch', () => {
  let ts: TestSwitch;
  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
  });
  afterAll(async () => {
    for (const s of sockets.values()) s.close();
    await ts.stop();
  });

  for (const fixture of loadFixtures('torture')) {
    const e = fixture.expect;
    const isAck = fixture.data.subarray(0, 4).toString() === 'ACK ';
    const isResponse = fixture.data.subarray(0, 8).toString() === 'SIP/2.0 ';
    if (e.status !== undefined) {
      test(`${fixture.name} (${e.section}) → ${e.status}`, async () => {
        expect(finalStatus(await sendAndCollect(fixture.data, 2000))).toBe(e.status);
      });
    } else if (e.error !== undefined || e.drop !== undefined || isAck || isResponse) {
      test(`${fixture.name} (${e.section}) → dropped, no reply`, async () => {
        expect(finalStatus(await sendAndCollect(fixture.data, 150))).toBeUndefined();
      });
    } else {
      test(`${fixture.name} (${e.section}) → a final response`, async () => {
        const status = finalStatus(await sendAndCollect(fixture.data, 2000));
        expect(status).toBeGreaterThanOrEqual(200);
      });
    }
  }

  test('after every torture message → the switch still answers OPTIONS with 200 and Allow', async () => {
    const options = Buffer.from(
      [
        `OPTIONS sip:${SWITCH} SIP/2.0`,
        `Via: SIP/2.0/UDP ${CLIENT}:5060;branch=z9hG4bK-after-torture`,
        'Max-Forwards: 70',
        `From: <sip:probe@${CLIENT}>;tag=1`,
        `To: <sip:${SWITCH}>`,
        'Call-ID: after-torture@test',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const responses = await sendAndCollect(options, 2000);
    expect(finalStatus(responses)).toBe(200);
    expect(responses.join('')).toMatch(/\r\nAllow: [^\r]*REGISTER/);
    expect(ts.sw.sip().rejects.recent().length).toBeGreaterThan(0);
  });
});
