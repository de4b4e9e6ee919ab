/*
 * Q-19 multi-party queue calls on real phones: baresip 1000 (500 Hz)
 * dials queue 800, agent 2001 answers on baresip 1001 (1000 Hz, auto
 * answer), and the agent, with its own API token (D62), adds extension
 * 1002 (baresip, 1500 Hz, auto answer) through POST /calls/:id/parties.
 * Once 1002 answers, each phone hears the other two tones in the mix and
 * not its own (N−1, D10). When the agent hangs up, the caller and the
 * party keep talking. The agent can do the same by phone (*53, the
 * number, #); with the queue's multiParty off the add is refused.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import { hashPassword } from '../../core/config-store/index.ts';
import {
  BaresipPhone,
  baresipConfigDir,
  heardAudio,
  waitUntil,
  type BaresipPhoneOptions,
} from '../helpers/baresip.ts';
import { goertzelAmplitude } from '../helpers/audio/tone.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.140';
const API = `http://${SWITCH}:8080/api/v1`;
const TONES: Record<string, number> = { '1000': 500, '1001': 1000, '1002': 1500 };
const ADDRESSES: Record<string, string> = {
  '1000': '127.0.0.141',
  '1001': '127.0.0.142',
  '1002': '127.0.0.143',
};
const AGENT_API_PASSWORD = 'agent-2001-api';

async function api(token: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/**
 * Whether, in the second `phone` heard after sample `from`, each of
 * `wanted` is loud and ten times louder than every tone in `absent`.
 */
async function hears(
  phone: BaresipPhone,
  from: number,
  wanted: readonly number[],
  absent: readonly number[],
): Promise<boolean> {
  const audio = await waitUntil(() => {
    const heard = heardAudio(phone.dir);
    return heard.length >= from + 8000 && heard.subarray(from, from + 8000);
  }, 15_000);
  if (audio === undefined) throw new Error(`${phone.address} heard nothing after ${from}`);
  const level = (hz: number) => goertzelAmplitude(audio, hz, 8000);
  // Each wanted tone is clearly there (a sox sine is full scale) and
  // ten times louder than each absent one.
  return wanted.every((hz) => level(hz) > 1000 && absent.every((o) => level(hz) > 10 * level(o)));
}

describe.skipIf(!hasTool('baresip') || !hasTool('sox'))(
  'Q-19 multi-party queue calls on baresip phones',
  () => {
    let ts: TestSwitch;
    let adminToken: string;
    let agentToken: string;
    let queueId: number;
    let phones: BaresipPhone[] = [];

    beforeAll(async () => {
      ts = await startTestSwitch(
        SWITCH,
        { demo: true, rtpPorts: { min: 32140, max: 32239 } },
        { media: undefined },
      );
      const store = ts.sw.store();
      const team = store.teams.findByUid('demo')!;
      const owner = store.internalNumbers.lookup(team.id, '1001')!;
      const accountId = store.extensions.find(owner.ownerId!)!.accountId;
      queueId = store.queues.create({
        teamId: team.id,
        number: '800',
        name: 'support',
        retryIntervalSec: 1,
        maxWaitTimeSec: 60,
      }).id;
      const agent = store.agents.create({
        teamId: team.id,
        accountId,
        agentNo: '2001',
        passwordHash: await hashPassword('agent-2001-pw'),
        targetNumber: '1001',
      });
      store.agents.setApiPasswordHash(agent.id, await hashPassword(AGENT_API_PASSWORD));
      store.agentGroups.create({
        teamId: team.id,
        name: 'support agents',
        queueId,
        members: [{ agentId: agent.id }],
      });
      const login = await api(undefined, 'POST', '/auth/login', {
        username: 'admin',
        password: 'integration-test-pw',
      });
      adminToken = (login.body as { token: string }).token;
      const agentLogin = await api(undefined, 'POST', '/auth/agent-login', {
        team: 'demo',
        agentNo: '2001',
        apiPassword: AGENT_API_PASSWORD,
      });
      expect(agentLogin.status).toBe(200);
      agentToken = (agentLogin.body as { token: string }).token;
      // GRP-1: only signed-in agents are queue members.
      const signIn = await api(agentToken, 'POST', `/agents/${agent.id}/sign-in`, {});
      expect(signIn.status).toBe(200);
    });
    afterEach(async () => {
      await Promise.all(phones.map((p) => p.stop()));
      phones = [];
    });
    afterAll(async () => ts.stop());

    async function start(number: string, extra: Partial<BaresipPhoneOptions> = {}) {
      const registered = new Promise<void>((resolve) =>
        ts.sw.sip().registrar.on('registered', (b) => b.number === number && resolve()),
      );
      const dir = baresipConfigDir({
        address: ADDRESSES[number]!,
        user: number,
        password: demoPassword(ts.dataDir, number),
        switchAddress: SWITCH,
        toneHz: TONES[number],
        isDumping: true,
        hasControl: true,
        ...extra,
      });
      const phone = await BaresipPhone.start(dir, ADDRESSES[number]!, { lifetimeSeconds: 45 });
      phones.push(phone);
      await registered;
      return phone;
    }

    /** 1000 dials queue 800, agent phone 1001 answers; returns the call's id. */
    async function queueCall() {
      const agentPhone = await start('1001', { accountParams: ';answermode=auto' });
      const caller = await start('1000');
      expect((await caller.command('dial sip:800@demo.local')).ok).toBe(true);
      await agentPhone.waitForEvent('CALL_ESTABLISHED');
      const listed = await waitUntil(async () => {
        const res = await api(adminToken, 'GET', '/calls');
        const items = (res.body as { items: Array<{ id: string; calleeNumber: string }> }).items;
        return items.find((c) => c.calleeNumber === '800');
      }, 10_000);
      expect(listed).toBeDefined();
      return { caller, agentPhone, callId: listed!.id };
    }

    /** POST /calls/:id/parties until the member's bridge is up (409 before it). */
    async function addParty(token: string, callId: string, number: string) {
      return waitUntil(async () => {
        const res = await api(token, 'POST', `/calls/${callId}/parties`, { number });
        const code = (res.body as { code?: string } | undefined)?.code;
        return code === 'ERR_CALL_NOT_IN_QUEUE' ? undefined : res;
      }, 10_000);
    }

    test('Q-19 the agent adds 1002 to a queue call → all three hear each other; the agent leaves, the other two talk on', async () => {
      const sinceMs = Date.now();
      const { caller, agentPhone, callId } = await queueCall();
      const party = await start('1002', { accountParams: ';answermode=auto' });
      const added = await addParty(agentToken, callId, '1002');
      expect(added?.status).toBe(202);
      expect(added?.body).toMatchObject({ callId, number: '1002', state: 'ringing' });
      await party.waitForEvent('CALL_ESTABLISHED');
      // Let the room settle, then listen from here on.
      await new Promise((r) => setTimeout(r, 500));
      const at = (p: BaresipPhone) => heardAudio(p.dir).length;
      const [c0, a0, p0] = [at(caller), at(agentPhone), at(party)];
      expect(await hears(caller, c0, [1000, 1500], [500]), '1000 hears 1001 and 1002').toBe(true);
      expect(await hears(agentPhone, a0, [500, 1500], [1000]), '1001 hears 1000 and 1002').toBe(
        true,
      );
      expect(await hears(party, p0, [500, 1000], [1500]), '1002 hears 1000 and 1001').toBe(true);

      // The agent hangs up: the caller and the party keep talking.
      expect((await agentPhone.command('hangup')).ok).toBe(true);
      await agentPhone.waitForEvent('CALL_CLOSED');
      await new Promise((r) => setTimeout(r, 500));
      const [c1, p1] = [at(caller), at(party)];
      expect(await hears(caller, c1, [1500], [500, 1000]), '1000 hears only 1002 now').toBe(true);
      expect(await hears(party, p1, [500], [1000, 1500]), '1002 hears only 1000 now').toBe(true);
      expect(caller.events.some((e) => e.type === 'CALL_CLOSED')).toBe(false);

      // The caller hangs up: the party, the last one, is hung up.
      expect((await caller.command('hangup')).ok).toBe(true);
      await party.waitForEvent('CALL_CLOSED');

      // The party's leg has its own record: a call of the agent's extension to 1002.
      const cdrs = openCdrStore(ts.dataDir);
      try {
        const row = await waitUntil(() => {
          const r = cdrs.get(`${callId}-party-1`);
          return r?.endedAtMs !== null && r?.endedAtMs !== undefined ? r : undefined;
        }, 5_000);
        expect(row).toMatchObject({
          callType: 'internal',
          callerNumber: '1001',
          calledNumber: '1002',
          result: 'answered',
          hangupSide: 'caller',
        });
        expect(cdrs.list({ sinceMs, limit: 10 }).map((r) => r.callId)).toContain(callId);
      } finally {
        cdrs.close();
      }
    });

    test('Q-19 the agent keys *53 1002 # on its phone → 1002 joins and all three hear each other; the caller hears no keys', async () => {
      const { caller, agentPhone } = await queueCall();
      const party = await start('1002', { accountParams: ';answermode=auto' });
      // Keys sent before the bridge would go nowhere: wait until the two talk.
      expect(await hears(caller, heardAudio(caller.dir).length, [1000], [500, 1500])).toBe(true);
      expect((await agentPhone.command('sndcode *531002#')).ok).toBe(true);
      await party.waitForEvent('CALL_ESTABLISHED');
      await new Promise((r) => setTimeout(r, 500));
      const at = (p: BaresipPhone) => heardAudio(p.dir).length;
      const [c0, a0, p0] = [at(caller), at(agentPhone), at(party)];
      expect(await hears(caller, c0, [1000, 1500], [500]), '1000 hears 1001 and 1002').toBe(true);
      expect(await hears(agentPhone, a0, [500, 1500], [1000]), '1001 hears 1000 and 1002').toBe(
        true,
      );
      expect(await hears(party, p0, [500, 1000], [1500]), '1002 hears 1000 and 1001').toBe(true);
      // D44: the code is held back, and the number is keyed while the caller is on hold.
      expect(caller.receivedDigits()).toBe('');
      // Everyone leaves, so that the agent is free for the next test.
      expect((await caller.command('hangup')).ok).toBe(true);
      expect((await agentPhone.command('hangup')).ok).toBe(true);
      await party.waitForEvent('CALL_CLOSED');
    });

    test('Q-19 DELETE /calls/:id/parties/:partyId → 1002 is hung up; the caller and the agent talk on', async () => {
      const { caller, agentPhone, callId } = await queueCall();
      const party = await start('1002', { accountParams: ';answermode=auto' });
      const added = await addParty(adminToken, callId, '1002');
      expect(added?.status).toBe(202);
      const { partyId } = added!.body as { partyId: string };
      await party.waitForEvent('CALL_ESTABLISHED');
      const dropped = await api(adminToken, 'DELETE', `/calls/${callId}/parties/${partyId}`);
      expect(dropped.status).toBe(204);
      await party.waitForEvent('CALL_CLOSED');
      await new Promise((r) => setTimeout(r, 500));
      const [c0, a0] = [heardAudio(caller.dir).length, heardAudio(agentPhone.dir).length];
      expect(await hears(caller, c0, [1000], [500, 1500]), '1000 hears only 1001').toBe(true);
      expect(await hears(agentPhone, a0, [500], [1000, 1500]), '1001 hears only 1000').toBe(true);
      expect(caller.events.some((e) => e.type === 'CALL_CLOSED')).toBe(false);
      const again = await api(adminToken, 'DELETE', `/calls/${callId}/parties/${partyId}`);
      expect(again.status).toBe(404);
      expect((await caller.command('hangup')).ok).toBe(true);
      await agentPhone.waitForEvent('CALL_CLOSED');
    });

    test('Q-19 the queue has multiParty off → 409 ERR_MULTI_PARTY_DISABLED and 1002 never rings', async () => {
      const patched = await api(adminToken, 'PATCH', `/queues/${queueId}`, { multiParty: false });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ multiParty: false });
      const { caller, agentPhone, callId } = await queueCall();
      const party = await start('1002', { accountParams: ';answermode=auto' });
      const refused = await addParty(agentToken, callId, '1002');
      expect(refused?.status).toBe(409);
      expect(refused?.body).toMatchObject({ code: 'ERR_MULTI_PARTY_DISABLED' });
      // The two still talk to each other.
      const from = heardAudio(caller.dir).length;
      expect(await hears(caller, from, [1000], [500, 1500])).toBe(true);
      expect(party.events.some((e) => e.type === 'CALL_INCOMING')).toBe(false);
      expect(agentPhone.events.some((e) => e.type === 'CALL_CLOSED')).toBe(false);
    });
  },
);
