/*
 * Q-17 on real calls (spec 02 §3.1, spec 03 §6.11): queue 8310 has a
 * rating prompt; agent 2001 (phone 1001) is signed in. 1000 calls the
 * queue, the agent answers, talks and hangs up first: the caller is
 * kept, hears the rating prompt, keys 4 as RFC 4733 events, hears the
 * thank-you and is hung up by the switch. The score is read back through
 * GET /api/v1/ratings (its cross-tenant check is in admin-api/routes/
 * ratings). IVR-9 on the same switch: an IVR transition to 1001 with a
 * follow-up prompt and a return IVR.
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword } from '../../core/config-store/index.ts';
import { serializeWav } from '../../media/player/index.ts';
import { sine } from '../helpers/audio/tone.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { rfc4733DigitPackets } from '../helpers/rtp-dtmf.ts';
import { SipPhone, sdp, sdpWithEvents } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.227';
const PHONES = '127.0.0.232';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Q-17 a caller rates the agent with DTMF after the agent hangs up', () => {
  let ts: TestSwitch;
  let caller: SipPhone;
  let agentPhone: SipPhone;
  let rtp: Socket;
  let token: string;
  let teamId: number;

  async function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
    const res = await ts.sw.http().inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(Buffer.isBuffer(payload) ? { 'content-type': 'audio/wav' } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as Record<string, unknown>;
  }

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 35800, max: 35849 } },
      { media: undefined },
    );
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
    const store = ts.sw.store();
    teamId = store.teams.findByUid('demo')!.id;
    // The rating prompt: a 1 s tone uploaded as a voice file, as an admin would.
    const wav = serializeWav({
      encoding: 'pcm16',
      channels: 1,
      sampleRateHz: 8000,
      samples: sine(700, 8000, 8000),
    });
    const file = await api('POST', `/api/v1/voice-files?name=rate-us&teamId=${teamId}`, wav);
    const prompt = store.callPrompts.create({
      teamId,
      name: 'rate the agent',
      voiceFileId: file['id'] as number,
    });
    const queue = await api('POST', '/api/v1/queues', {
      teamId,
      number: '8310',
      name: 'rated support',
      ratingPromptId: prompt.id,
    });
    expect(queue['ratingPromptId']).toBe(prompt.id);
    const owner = store.internalNumbers.lookup(teamId, '1001')!;
    const agent = store.agents.create({
      teamId,
      accountId: store.extensions.find(owner.ownerId!)!.accountId,
      agentNo: '2001',
      passwordHash: await hashPassword('agent-2001-pw'),
      targetNumber: '1001',
    });
    store.agentGroups.create({
      teamId,
      name: 'rated agents',
      queueId: queue['id'] as number,
      members: [{ agentId: agent.id }],
    });
    caller = new SipPhone(PHONES, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    agentPhone = new SipPhone(PHONES, '1001', demoPassword(ts.dataDir, '1001'), SWITCH, undefined, {
      port: 5062,
    });
    await Promise.all([caller.start(), agentPhone.start()]);
    expect(await agentPhone.register()).toBe(200);
    await api('POST', `/api/v1/agents/${agent.id}/sign-in`, {});
    rtp = createSocket('udp4');
    await new Promise<void>((resolve) => rtp.bind(0, PHONES, resolve));
  });

  afterAll(async () => {
    rtp?.close();
    caller?.stop();
    agentPhone?.stop();
    await ts?.stop();
  });

  test('Q-17 agent hangs up first → caller kept, keys 4, is thanked and hung up; GET /ratings has it', async () => {
    const call = caller.call('8310', sdpWithEvents(PHONES, rtp.address().port));
    const ok = await call.final;
    expect(ok.status).toBe(200);
    const answer = ok.body.toString();
    const port = Number(/^m=audio (\d+)/m.exec(answer)![1]);
    const address = /^c=IN IP4 (\S+)/m.exec(answer)![1]!;
    const inc = await agentPhone.next('INVITE', 5000);
    const agentDialog = agentPhone.answer(inc, sdp(PHONES, 6000));
    expect(agentDialog).toBeDefined();
    await sleep(500);
    // The agent ends the call: its BYE must not reach the caller.
    expect((await agentPhone.inDialog(agentDialog!, 'BYE')).status).toBe(200);
    await sleep(300);
    expect(caller.incoming.some((i) => i.request.method === 'BYE')).toBe(false);
    for (const p of rfc4733DigitPackets(4, 100, 16_000)) {
      await new Promise<void>((resolve) => rtp.send(p, port, address, () => resolve()));
      await sleep(20);
    }
    // The thank-you (about 2.7 s), then the switch hangs the caller up.
    const bye = await caller.next('BYE', 8000);
    caller.respond(bye, 200);
    const page = await api('GET', '/api/v1/ratings?agentNo=2001');
    expect(page['items']).toEqual([
      expect.objectContaining({
        teamId,
        queueNumber: '8310',
        agentNo: '2001',
        customerNumber: '1000',
        score: 4,
        memberKey: expect.stringMatching(/^agent:\d+$/),
      }),
    ]);
  });

  test('IVR-9 an IVR transition with a follow-up: 1001 hangs up first → follow-up, then back to the return IVR', async () => {
    const store = ts.sw.store();
    const bobExt = store.internalNumbers.lookup(teamId, '1001')!.ownerId!;
    const promptId = store.queues.list(teamId).find((q) => q.number === '8310')!.ratingPromptId!;
    const back = store.ivrFlows.create({
      teamId,
      name: 'After the call',
      internalNumber: '8321',
      actions: [{ action: 'prompt', promptId }],
      transitions: [{ destination: { type: 'hangup', targetId: null, targetValue: null } }],
    });
    store.ivrFlows.create({
      teamId,
      name: 'Follow-up menu',
      internalNumber: '8320',
      actions: [{ action: 'input', maxDigits: 1, timeoutSec: 5 }],
      transitions: [
        {
          condition: '1',
          destination: { type: 'extension', targetId: bobExt, targetValue: null },
          followUpPromptId: promptId,
          returnToIvrId: back.id,
        },
      ],
    });
    const call = caller.call('8320', sdpWithEvents(PHONES, rtp.address().port));
    const ok = await call.final;
    expect(ok.status).toBe(200);
    const answer = ok.body.toString();
    const port = Number(/^m=audio (\d+)/m.exec(answer)![1]);
    const address = /^c=IN IP4 (\S+)/m.exec(answer)![1]!;
    for (const p of rfc4733DigitPackets(1, 200, 32_000)) {
      await new Promise<void>((resolve) => rtp.send(p, port, address, () => resolve()));
      await sleep(20);
    }
    const inc = await agentPhone.next('INVITE', 5000);
    const bobDialog = agentPhone.answer(inc, sdp(PHONES, 6000));
    await sleep(500);
    expect((await agentPhone.inDialog(bobDialog!, 'BYE')).status).toBe(200);
    await sleep(300);
    expect(caller.incoming.some((i) => i.request.method === 'BYE')).toBe(false);
    // Follow-up (1 s), then IVR 8321 plays its prompt (1 s) and hangs up.
    const bye = await caller.next('BYE', 8000);
    caller.respond(bye, 200);
    await sleep(200);
    const log = readFileSync(join(ts.dataDir, 'logs', 'ivr-sessions.jsonl'), 'utf8');
    const flows = log
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { flowName: string }).flowName);
    expect(flows.slice(-2)).toEqual(['Follow-up menu', 'After the call']);
  });
});
