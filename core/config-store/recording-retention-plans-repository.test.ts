import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTempStore, type TempStore } from './test-store.ts';
import { recordingDirectory } from './recording-directory.ts';

describe('RecordingRetentionPlansRepository (spec 04 §15.13)', () => {
  let temp: TempStore;
  let teamId: number;
  beforeEach(() => {
    temp = openTempStore();
    teamId = temp.store.teams.create({ uid: 'rec', name: 'Rec' }).id;
  });
  afterEach(() => temp.cleanup());

  test('listEnabled() → only enabled plans; markRun() → lastRunDate survives a reopen', () => {
    const plans = temp.store.recordingRetentionPlans;
    const on = plans.create({ teamId, expiredAction: 'delete', retentionDays: 3 });
    plans.create({ teamId, expiredAction: 'delete', status: 'disabled' });
    expect(plans.listEnabled().map((p) => p.id)).toEqual([on.id]);
    plans.markRun(on.id, '2012-10-09');
    expect(temp.reopen().recordingRetentionPlans.find(on.id)?.lastRunDate).toBe('2012-10-09');
  });

  test('create() when move has no movePath or runAt is 24:00 → ValidationError', () => {
    const plans = temp.store.recordingRetentionPlans;
    expect(() => plans.create({ teamId })).toThrow(/movePath/);
    expect(() => plans.create({ teamId, expiredAction: 'delete', runAt: '24:00' })).toThrow(
      /runAt/,
    );
  });

  test('deleting the team → its plans go with it', () => {
    temp.store.recordingRetentionPlans.create({ teamId, expiredAction: 'delete' });
    temp.store.teams.delete(teamId);
    expect(temp.store.recordingRetentionPlans.list()).toEqual([]);
  });

  test('recordingDirectory() → team, account and extension flags as the policy reads them', () => {
    const dir = recordingDirectory(temp.store);
    expect(dir.team(teamId)?.forcedRecording).toBe(false);
    expect(dir.team(9999)).toBeUndefined();
    expect(dir.extension(9999)).toBeUndefined();
    expect(dir.account(9999)).toBeUndefined();
  });
});
