import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

const asked = (teamId: number, callerNumber: string, callId: string) => ({
  teamId,
  callerNumber,
  calledNumber: '5550100',
  callId,
});

describe('CallbackRequestsRepository (IVR-10 要求回访, D93)', () => {
  test('request() twice from one number → one pending request counted twice, on the latest call; another team has its own', () => {
    const { team } = seedTeam(temp.store, 'alpha');
    const { team: other } = seedTeam(temp.store, 'beta');
    const requests = temp.store.callbackRequests;
    const first = requests.request(asked(team.id, '+15551230000', 'call-1'));
    const again = requests.request(asked(team.id, '+15551230000', 'call-2'));
    expect(again).toMatchObject({
      id: first.id,
      requestCount: 2,
      callId: 'call-2',
      status: 'pending',
    });
    const theirs = requests.request(asked(other.id, '+15551230000', 'call-3'));
    expect(theirs.id).not.toBe(first.id);
    expect(requests.list(team.id)).toHaveLength(1);
  });

  test('request() from a number that cannot be called back → 400 on callerNumber, nothing stored', () => {
    const { team } = seedTeam(temp.store, 'alpha');
    for (const caller of ['anonymous', '', '12ab']) {
      expect(() => temp.store.callbackRequests.request(asked(team.id, caller, 'c'))).toThrow(
        expect.objectContaining({ code: 'ERR_VALIDATION', field: 'callerNumber' }),
      );
    }
    expect(temp.store.callbackRequests.list()).toEqual([]);
  });

  test('update() to done → handledAt stamped; the next request is a new one; reopening the old one then → 400', () => {
    const { team } = seedTeam(temp.store, 'alpha');
    const requests = temp.store.callbackRequests;
    const first = requests.request(asked(team.id, '5551234', 'call-1'));
    const done = requests.update(first.id, { status: 'done', note: 'called, no answer' });
    expect(done.handledAt).toBeInstanceOf(Date);
    expect(done.note).toBe('called, no answer');
    const second = requests.request(asked(team.id, '5551234', 'call-2'));
    expect(second.id).not.toBe(first.id);
    expect(() => requests.update(first.id, { status: 'pending' })).toThrow(
      expect.objectContaining({ field: 'status' }),
    );
    requests.delete(second.id);
    expect(requests.update(first.id, { status: 'pending' }).handledAt).toBeNull();
  });

  test('the team deleted → its requests go with it', () => {
    const team = temp.store.teams.create({ uid: 'gamma', name: 'Team gamma' });
    temp.store.callbackRequests.request(asked(team.id, '5551234', 'call-1'));
    temp.store.teams.delete(team.id);
    expect(temp.store.callbackRequests.list()).toEqual([]);
  });
});
