import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

/*
 * The agents' phone applications over real UDP (D63): extension 1000 is
 * the target number of agent 81, so dialling agent-login (900),
 * agent-pause (901) and agent-logout (902) signs the agent in there,
 * pauses it and signs it out without a PIN; each is answered, beeps and
 * is hung up by the switch, and each change is POSTed to the team's
 * event URL (TM-11). Then the agent loses its target number and signs in
 * by typing its agent number and password as SIP INFO keys. The event
 * receiver shares the phone's address.
 */

const SWITCH = '127.0.0.146';
const PHONE = '127.0.0.147';

interface Received {
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

describe('agent-login, agent-pause, agent-logout dialled from the agent’s phone', () => {
  let ts: TestSwitch;
  let phone: SipPhone;
  let receiver: Server;
  let agentId = 0;
  const received: Received[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((done) => receiver.listen(0, PHONE, done));
    const port = (receiver.address() as AddressInfo).port;
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, webhookAllow: [`${PHONE}/32`], rtpPorts: { min: 46140, max: 46159 } },
      { media: undefined },
    );
    phone = new SipPhone(PHONE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    await phone.start();
    expect(await phone.register()).toBe(200);
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    const token = (login.json() as { token: string }).token;
    const patched = await ts.sw.http().inject({
      method: 'PATCH',
      url: `/api/v1/teams/${teamId}`,
      headers: { authorization: `Bearer ${token}` },
      payload: { eventUrl: `http://${PHONE}:${port}/events`, verificationString: 'd63-secret' },
    });
    expect(patched.statusCode).toBe(200);
    const extension = store.extensions.findByNumber(teamId, '1000')!;
    agentId = store.agents.create({
      teamId,
      accountId: extension.accountId,
      agentNo: '81',
      passwordHash: await hashPassword('4321'),
      targetNumber: '1000',
      extensionMode: 'fixed',
    }).id;
    for (const [context, internalNumber] of [
      ['agent-login', '900'],
      ['agent-pause', '901'],
      ['agent-logout', '902'],
    ] as const) {
      store.applications.create({ teamId, name: context, context, internalNumber });
    }
  });
  afterAll(async () => {
    phone?.stop();
    await ts?.stop();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** Dials `number`: answered, then the switch's BYE. */
  async function dial(number: string, rtpPort: number): Promise<void> {
    const call = phone.call(number, sdp(PHONE, rtpPort));
    expect((await call.final).status).toBe(200);
    phone.respond(await phone.next('BYE', 5000), 200);
  }

  const session = () =>
    ts.sw
      .store()
      .agentSessions.loadAll()
      .find((r) => r.agentId === agentId);
  const agentEvents = () =>
    received
      .filter((r) => String(r.headers['x-switchyard-event']).startsWith('agent.'))
      .map((r) => JSON.parse(r.body) as { event: string; agent: Record<string, unknown> });

  test('D63 900 → agent 81 signed in at 1000; 901 → paused (phone); 901 → resumed; 902 → signed out; each a team event', async () => {
    await dial('900', 7100);
    expect(session()).toMatchObject({ phoneKind: 'extension', phoneNumber: '1000' });
    await dial('901', 7102);
    expect(session()).toMatchObject({ activity: 'paused', pauseReason: 'phone' });
    await dial('901', 7104);
    expect(session()).toMatchObject({ activity: 'idle' });
    await dial('902', 7106);
    expect(session()).toBeUndefined();
    const events = await waitUntil(() => {
      const e = agentEvents();
      return e.length >= 4 ? e : undefined;
    });
    expect(events.map((e) => e.event)).toEqual([
      'agent.signedIn',
      'agent.paused',
      'agent.resumed',
      'agent.signedOut',
    ]);
    expect(events[0]?.agent).toMatchObject({
      agentId,
      agentNo: '81',
      phone: { kind: 'extension', number: '1000' },
    });
    expect(events[1]?.agent).toMatchObject({ pauseReason: 'phone' });
    expect(events[3]?.agent).toMatchObject({ agentNo: '81', phone: null });
  });

  test('D63 900 from a phone that is no agent’s → agent number and password as INFO dtmf-relay keys (RFC 6086) → signed in there', async () => {
    const store = ts.sw.store();
    store.agents.update(agentId, { targetNumber: null, extensionMode: 'selfSelect' });
    const call = phone.call('900', sdp(PHONE, 7108));
    expect((await call.final).status).toBe(200);
    for (const key of '81#4321#') {
      const signal = key === '#' ? '11' : key;
      const info = await phone.inDialog(
        call.dialog!,
        'INFO',
        `Signal=${signal}\r\nDuration=160\r\n`,
        'application/dtmf-relay',
      );
      expect(info.status).toBe(200);
    }
    phone.respond(await phone.next('BYE', 8000), 200);
    expect(session()).toMatchObject({ phoneKind: 'extension', phoneNumber: '1000' });
  });
});
