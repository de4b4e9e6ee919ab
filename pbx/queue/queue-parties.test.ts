import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import type { CallEnd, CallStart, RouteDecision, RouteRequest } from '../../core/index.ts';
import { caller, enqueue, flush, member, queueSetup } from './queue-test-kit.ts';
import { QueueParties } from './queue-parties.ts';

/** A queue call answered by agent 42 on extension 1001, and QueueParties over it. */
async function talking(opts: { multiParty?: boolean; route?: RouteDecision; code?: string } = {}) {
  const kit = queueSetup({}, [member(1001, { key: 'agent:42', agentNo: '8001' })]);
  const routed: RouteRequest[] = [];
  const records: { started: CallStart[]; answered: string[]; ended: Array<[string, CallEnd]> } = {
    started: [],
    answered: [],
    ended: [],
  };
  const state = { multiParty: opts.multiParty ?? true };
  const parties = new QueueParties({
    originator: kit.originator,
    clock: kit.clock,
    logger: silentLogger(),
    router: {
      route: (r) => {
        routed.push(r);
        return (
          opts.route ?? {
            kind: 'extensions',
            targets: [{ teamId: 1, extensionId: 1002, number: '1002', ringTimeoutMs: 20_000 }],
          }
        );
      },
    },
    isMultiParty: () => state.multiParty,
    keys: { media: kit.media, codeOf: () => opts.code, isSwallowing: true },
    recorder: {
      started: (s) => records.started.push(s),
      answered: (id) => records.answered.push(id),
      ended: (id, e) => records.ended.push([id, e]),
    },
  });
  parties.attach(kit.queue);
  const call = caller('q-1');
  const queued = await enqueue(kit.queue, call);
  const agentLeg = kit.originator.placed[0]!.leg;
  agentLeg.remoteAnswers();
  await flush();
  return { ...kit, parties, call, queued, agentLeg, routed, records, state };
}

describe('QueueParties (Q-19)', () => {
  it('Q-19 add() by the agent on the call → the number rings as the agent extension dials it', async () => {
    const { parties, originator, routed } = await talking();
    const added = parties.add('q-1', '1002', { agentId: 42 });
    expect(added).toEqual({
      ok: true,
      value: { partyId: 'q-1-party-1', callId: 'q-1', number: '1002', state: 'ringing' },
    });
    expect(routed).toEqual([
      { teamId: 1, callerExtensionId: 1001, callerNumber: '1001', dialled: '1002' },
    ]);
    const placed = originator.placed[1]!;
    expect(placed.request).toMatchObject({
      teamId: 1,
      target: { kind: 'extension', extension: { number: '1002' } },
      caller: { number: '1001' },
      ringTimeoutMs: 20_000,
      parentCallId: 'q-1',
    });
  });

  it('Q-19 add() then the party answers → caller, agent and party in one room; a CDR row for the party', async () => {
    const { parties, originator, media, call, agentLeg, records } = await talking();
    parties.add('q-1', '1002', {});
    const party = originator.placed[1]!.leg;
    party.remoteAnswers();
    await flush();
    const joined = media.links.filter((l) => l.op === 'join').map((l) => l.op === 'join' && l.ref);
    expect(joined).toEqual([call.leg.media, agentLeg.media, party.media]);
    expect(records.started).toEqual([
      expect.objectContaining({
        callId: 'q-1-party-1',
        callType: 'internal',
        callerNumber: '1001',
        calledNumber: '1002',
        callerExtensionId: 1001,
        calleeExtensionId: 1002,
        extensionId: 1001,
      }),
    ]);
    expect(records.answered).toEqual(['q-1-party-1']);
    party.remoteHangsUp();
    await flush();
    expect(records.ended).toEqual([
      ['q-1-party-1', expect.objectContaining({ result: 'answered', hangupSide: 'callee' })],
    ]);
    expect(call.leg.state).toBe('confirmed');
    expect(agentLeg.state).toBe('confirmed');
  });

  it('Q-19 add() when the party does not answer → the caller and the agent stay bridged', async () => {
    const { parties, originator, media, call, agentLeg, records } = await talking();
    parties.add('q-1', '1002', {});
    originator.placed[1]!.leg.remoteHangsUp({ reason: 'no-answer', q850: 19, sipStatus: 480 });
    await flush();
    expect(media.links.filter((l) => l.op === 'join')).toEqual([]);
    expect(call.leg.state).toBe('confirmed');
    expect(agentLeg.state).toBe('confirmed');
    expect(records.ended).toEqual([
      ['q-1-party-1', expect.objectContaining({ result: 'no-answer', hangupSide: 'system' })],
    ]);
    // Another try is allowed once nothing rings.
    expect(parties.add('q-1', '1002', {}).ok).toBe(true);
  });

  it('Q-19 in conference when the agent hangs up → caller and party talk on; the agent is free', async () => {
    const { parties, originator, call, agentLeg, events, queued } = await talking();
    parties.add('q-1', '1002', {});
    const party = originator.placed[1]!.leg;
    party.remoteAnswers();
    await flush();
    agentLeg.remoteHangsUp();
    await flush();
    expect(events).toContain('completed:q-1>agent:42');
    expect(call.leg.state).toBe('confirmed');
    expect(party.state).toBe('confirmed');
    expect(queued.outcome()).toBeUndefined();
    party.remoteHangsUp();
    await flush();
    expect(call.leg.state).toBe('terminated');
    expect(queued.outcome()).toMatchObject({ kind: 'answered', memberKey: 'agent:42' });
  });

  it('Q-19 add() when the queue has multiParty off → ERR_MULTI_PARTY_DISABLED, nothing rings', async () => {
    const { parties, originator } = await talking({ multiParty: false });
    const added = parties.add('q-1', '1002', {});
    expect(added).toMatchObject({
      ok: false,
      error: { code: 'ERR_MULTI_PARTY_DISABLED', status: 409 },
    });
    expect(originator.placed).toHaveLength(1);
  });

  it('Q-19 add() by another agent → 404, as if the call did not exist', async () => {
    const { parties } = await talking();
    expect(parties.add('q-1', '1002', { agentId: 7 })).toMatchObject({
      ok: false,
      error: { code: 'ERR_NOT_FOUND', status: 404 },
    });
    expect(parties.add('nope', '1002', { agentId: 42 })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
  });

  it('Q-19 add() on a call that is not talking in a queue → ERR_CALL_NOT_IN_QUEUE', async () => {
    const { parties } = await talking();
    expect(parties.add('other', '1002', {})).toMatchObject({
      ok: false,
      error: { code: 'ERR_CALL_NOT_IN_QUEUE', status: 409 },
    });
  });

  it('Q-19 add() while a party still rings → ERR_PARTY_BUSY', async () => {
    const { parties } = await talking();
    expect(parties.add('q-1', '1002', {}).ok).toBe(true);
    expect(parties.add('q-1', '1003', {})).toMatchObject({
      ok: false,
      error: { code: 'ERR_PARTY_BUSY' },
    });
  });

  it('Q-19 add() of a number the agent may not dial → 403 with the dial plan reason', async () => {
    const { parties, originator } = await talking({
      route: { kind: 'forbidden', reason: 'agent-restricted' },
    });
    expect(parties.add('q-1', '95550100', {})).toMatchObject({
      ok: false,
      error: { code: 'ERR_PARTY_FORBIDDEN', status: 403 },
    });
    expect(originator.placed).toHaveLength(1);
  });

  it('Q-19 the call ends while the party rings → the party is cancelled', async () => {
    const { parties, originator, call } = await talking();
    parties.add('q-1', '1002', {});
    call.leg.remoteHangsUp();
    await flush();
    await flush();
    expect(originator.placed[1]!.leg.state).toBe('terminated');
    expect(originator.placed[1]!.leg.actions).toContainEqual(
      expect.objectContaining({
        op: 'hangup',
        cause: expect.objectContaining({ reason: 'cancelled' }),
      }),
    );
  });

  it('Q-19 drop() of a party in the conference → its leg is hung up, caller and agent talk on', async () => {
    const { parties, originator, call, agentLeg, records } = await talking();
    parties.add('q-1', '1002', {});
    const party = originator.placed[1]!.leg;
    party.remoteAnswers();
    await flush();
    expect(parties.drop('q-1', 'q-1-party-1', { agentId: 42 })).toEqual({
      ok: true,
      value: { partyId: 'q-1-party-1' },
    });
    await flush();
    expect(party.state).toBe('terminated');
    expect(party.actions).toContainEqual(
      expect.objectContaining({ op: 'hangup', cause: expect.objectContaining({ q850: 16 }) }),
    );
    expect(call.leg.state).toBe('confirmed');
    expect(agentLeg.state).toBe('confirmed');
    // Dropped by our side: the party's CDR is a call its caller (the member) ended.
    expect(records.ended).toEqual([
      ['q-1-party-1', expect.objectContaining({ result: 'answered', hangupSide: 'caller' })],
    ]);
    // Gone now: a second drop finds nothing.
    expect(parties.drop('q-1', 'q-1-party-1', {})).toMatchObject({
      ok: false,
      error: { code: 'ERR_NOT_FOUND', status: 404 },
    });
  });

  it('Q-19 drop() of a party still ringing → it is cancelled; another may be added', async () => {
    const { parties, originator, call } = await talking();
    parties.add('q-1', '1002', {});
    expect(parties.drop('q-1', 'q-1-party-1', {}).ok).toBe(true);
    await flush();
    const party = originator.placed[1]!.leg;
    expect(party.state).toBe('terminated');
    expect(party.actions).toContainEqual(
      expect.objectContaining({
        op: 'hangup',
        cause: expect.objectContaining({ reason: 'cancelled' }),
      }),
    );
    expect(call.leg.state).toBe('confirmed');
    expect(parties.add('q-1', '1003', {}).ok).toBe(true);
  });

  it('Q-19 drop() by another agent, of another call or of an unknown party → 404, nothing hung up', async () => {
    const { parties, originator } = await talking();
    parties.add('q-1', '1002', {});
    const refused = { ok: false, error: { code: 'ERR_NOT_FOUND', status: 404 } };
    expect(parties.drop('q-1', 'q-1-party-1', { agentId: 7 })).toMatchObject(refused);
    expect(parties.drop('other', 'q-1-party-1', {})).toMatchObject(refused);
    expect(parties.drop('q-1', 'q-1-party-9', {})).toMatchObject(refused);
    await flush();
    expect(originator.placed[1]!.leg.state).not.toBe('terminated');
  });

  it('Q-19 the member keys *53 1002 # on its phone → 1002 rings as added over the API', async () => {
    const { originator, agentLeg } = await talking({ code: '*53' });
    for (const d of '*531002#') agentLeg.pressDigit(d);
    await flush();
    await flush();
    expect(originator.placed[1]?.request).toMatchObject({
      target: { kind: 'extension', extension: { number: '1002' } },
      parentCallId: 'q-1',
    });
  });

  it('Q-19 the member keys *53 on a queue with multiParty off → the key is not watched', async () => {
    const { originator, agentLeg, media } = await talking({ code: '*53', multiParty: false });
    for (const d of '*531002#') agentLeg.pressDigit(d);
    await flush();
    expect(originator.placed).toHaveLength(1);
    expect(media.dtmfGates.size).toBe(0);
  });
});
