import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

/*
 * The stored side of the caller kept after the target hangs up: the
 * queue's rating prompt, the IVR transition's follow-up prompt and
 * return IVR (IVR-9), with the checks and referrers the admin API leans on.
 */

let temp: TempStore;
let teamId: number;
let otherTeamId: number;

beforeEach(() => {
  temp = openTempStore();
  teamId = seedTeam(temp.store, 'alpha').team.id;
  otherTeamId = seedTeam(temp.store, 'beta').team.id;
});
afterEach(() => temp.cleanup());

const HANGUP = { type: 'hangup' as const, targetId: null, targetValue: null };

function flowWith(transition: { followUpPromptId?: number; returnToIvrId?: number }) {
  return temp.store.ivrFlows.create({
    teamId,
    name: 'menu',
    internalNumber: '701',
    actions: [{ action: 'input' }],
    transitions: [{ condition: '1', destination: HANGUP, ...transition }],
  });
}

describe('queues.ratingPromptId (Q-17)', () => {
  test('Q-17 create() with a prompt of the team → stored; the prompt names the queue as referrer', () => {
    const prompt = temp.store.callPrompts.create({ teamId, name: 'rate us' });
    const queue = temp.store.queues.create({
      teamId,
      number: '700',
      name: 'support',
      ratingPromptId: prompt.id,
    });
    expect(queue.ratingPromptId).toBe(prompt.id);
    expect(temp.store.references.firstReferrer('callPrompt', prompt.id)).toMatchObject({
      resource: 'queue',
      id: queue.id,
    });
  });

  test("Q-17 update() with another team's prompt → ValidationError on ratingPromptId", () => {
    const theirs = temp.store.callPrompts.create({ teamId: otherTeamId, name: 'theirs' });
    const queue = temp.store.queues.create({ teamId, number: '700', name: 'support' });
    expect(() => temp.store.queues.update(queue.id, { ratingPromptId: theirs.id })).toThrow(
      expect.objectContaining({ field: 'ratingPromptId' }),
    );
  });
});

describe('IVR transitions followUpPromptId and returnToIvrId (IVR-9)', () => {
  test('IVR-9 create() → both read back; the prompt and the return IVR name the flow as referrer', () => {
    const prompt = temp.store.callPrompts.create({ teamId, name: 'anything else?' });
    const back = temp.store.ivrFlows.create({
      teamId,
      name: 'main',
      internalNumber: '700',
      actions: [],
      transitions: [{ destination: HANGUP }],
    });
    const flow = flowWith({ followUpPromptId: prompt.id, returnToIvrId: back.id });
    expect(temp.store.ivrFlows.find(flow.id)?.transitions[0]).toMatchObject({
      followUpPromptId: prompt.id,
      returnToIvrId: back.id,
    });
    expect(temp.store.references.firstReferrer('callPrompt', prompt.id)).toMatchObject({
      resource: 'ivr',
      id: flow.id,
    });
    expect(temp.store.references.firstReferrer('ivr', back.id)).toMatchObject({
      resource: 'ivr',
      id: flow.id,
    });
  });

  test('IVR-9 create() without them → null (no follow-up: the caller ends with the target)', () => {
    const flow = flowWith({});
    expect(temp.store.ivrFlows.find(flow.id)?.transitions[0]).toMatchObject({
      followUpPromptId: null,
      returnToIvrId: null,
    });
  });

  test("IVR-9 create() with another team's IVR or prompt → ValidationError naming the field", () => {
    const theirs = temp.store.ivrFlows.create({
      teamId: otherTeamId,
      name: 'theirs',
      internalNumber: '700',
      actions: [],
      transitions: [{ destination: HANGUP }],
    });
    const theirPrompt = temp.store.callPrompts.create({ teamId: otherTeamId, name: 'p' });
    expect(() => flowWith({ returnToIvrId: theirs.id })).toThrow(
      expect.objectContaining({ field: 'transitions.0.returnToIvrId' }),
    );
    expect(() => flowWith({ followUpPromptId: theirPrompt.id })).toThrow(
      expect.objectContaining({ field: 'transitions.0.followUpPromptId' }),
    );
  });
});
