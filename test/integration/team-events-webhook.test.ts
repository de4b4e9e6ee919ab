import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { verifyWebhookSignature } from '../../core/webhooks/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

/*
 * TM-11 over real sockets: a call between two demo extensions is POSTed
 * to the team's event URL, signed with its verification string, and the
 * egress guard (issue 7, D47) lets only the operator's allowed loopback
 * address through.
 */

const SWITCH = '127.0.0.38';
const ALICE = '127.0.0.39';
/** Bob's phone; its address is not in --webhook-allow. */
const BOB = '127.0.0.40';
/** The receiver shares Alice's address: the one the operator allows. */
const RECEIVER = ALICE;
const SECRET = 'tm11-verification-string';

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

async function waitUntil<T>(probe: () => T | undefined, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('TM-11 team events: a real call POSTed to the team event URL, signed', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let receiver: Server;
  let eventUrl = '';
  let token = '';
  let teamId = 0;
  const received: Received[] = [];
  /** How long the receiver takes to answer each POST. */
  let answerDelayMs = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body });
        setTimeout(() => res.end('ok'), answerDelayMs);
      });
    });
    await new Promise<void>((done) => receiver.listen(0, RECEIVER, done));
    const port = (receiver.address() as AddressInfo).port;
    eventUrl = `http://${RECEIVER}:${port}/events?token=q-secret`;
    ts = await startTestSwitch(SWITCH, { demo: true, webhookAllow: [`${RECEIVER}/32`] });
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone(BOB, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start()]);
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
    teamId = ts.sw.store().teams.findByUid('demo')!.id;
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
  });
  afterAll(async () => {
    alice.stop();
    bob.stop();
    await ts.stop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    alice.incoming.length = 0;
    bob.incoming.length = 0;
  });

  const patchTeam = (payload: Record<string, unknown>) =>
    ts.sw.http().inject({
      method: 'PATCH',
      url: `/api/v1/teams/${teamId}`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });

  async function callAndHangUp(): Promise<void> {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    bob.respond(inc, 180, 'bob-tag');
    bob.answer(inc, sdp('192.0.2.20', 5000));
    expect((await call.final).status).toBe(200);
    await bob.waitFor(() => bob.acks.at(-1));
    const byeResponse = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await byeResponse).status).toBe(200);
  }

  test('PATCH /teams/:id TM-11 with a non-http eventUrl or one with user info → 400 naming eventUrl', async () => {
    for (const bad of ['ftp://hooks.example/x', 'https://user:pw@hooks.example/x']) {
      const res = await patchTeam({ eventUrl: bad, verificationString: SECRET });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('eventUrl');
    }
    const noSecret = await patchTeam({ eventUrl: 'https://hooks.example/x' });
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.body).toContain('verificationString');
  });

  test('PATCH /teams/:id TM-11 with eventUrl and verificationString → 200; the secret is never read back', async () => {
    const res = await patchTeam({ eventUrl, verificationString: SECRET });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ eventUrl });
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('verificationString');
    const get = await ts.sw.http().inject({
      method: 'GET',
      url: `/api/v1/teams/${teamId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(get.body).not.toContain(SECRET);
    expect(get.body).not.toContain('verificationString');
  });

  test('TM-11 1000 calls 1001, 180, answer, BYE → started, ringing, answered, ended POSTed in order, each signed with the realm', async () => {
    expect((await patchTeam({ eventUrl, verificationString: SECRET })).statusCode).toBe(200);
    await callAndHangUp();
    await waitUntil(() => (received.length >= 4 ? true : undefined));
    const events = received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(events.map((e) => e['event'])).toEqual([
      'call.started',
      'call.ringing',
      'call.answered',
      'call.ended',
    ]);
    for (const r of received) {
      expect(r.url).toBe('/events?token=q-secret');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-switchyard-realm']).toBe('demo.local');
      const header = r.headers['x-switchyard-signature'] as string;
      const nowSec = Date.now() / 1000;
      expect(verifyWebhookSignature(header, r.body, SECRET, nowSec)).toEqual({ isValid: true });
      expect(verifyWebhookSignature(header, r.body, 'wrong', nowSec)).toMatchObject({
        isValid: false,
      });
    }
    const ended = events[3] as { teamId: number; call: Record<string, unknown> };
    expect(ended.teamId).toBe(teamId);
    expect(ended.call).toMatchObject({
      direction: 'internal',
      caller: { number: '1000' },
      callee: { number: '1001' },
      disposition: 'answered',
      hangupSide: 'caller',
    });
    expect(typeof ended.call['answeredAt']).toBe('string');
    expect(typeof ended.call['endedAt']).toBe('string');
    expect(new Set(events.map((e) => (e['call'] as { callId: string }).callId)).size).toBe(1);
  });

  test('TM-11 issue 7 when eventUrl points at a loopback address not allowed → nothing sent, the call goes on, the refusal is counted', async () => {
    const refused = () =>
      ts.sw.metrics.counter('switchyard_egress_refused_total', '').get({ reason: 'address' });
    const before = refused();
    // Bob's address is loopback and outside --webhook-allow.
    const port = (receiver.address() as AddressInfo).port;
    const blocked = `http://${BOB}:${port}/events`;
    expect((await patchTeam({ eventUrl: blocked })).statusCode).toBe(200);
    await callAndHangUp();
    await waitUntil(() => (refused() >= before + 4 ? true : undefined));
    expect(received).toEqual([]);
  });

  // Last: it stops the switch.
  test('D58 shutdown right after a call → the queued events are still delivered within the grace', async () => {
    expect((await patchTeam({ eventUrl, verificationString: SECRET })).statusCode).toBe(200);
    answerDelayMs = 150;
    await callAndHangUp();
    await ts.stop();
    const events = received.map((r) => (JSON.parse(r.body) as { event: string }).event);
    expect(events).toEqual(['call.started', 'call.ringing', 'call.answered', 'call.ended']);
  });
});
