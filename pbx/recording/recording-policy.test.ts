import { describe, expect, test } from 'vitest';
import type { CallStart } from '../../core/index.ts';
import { RecordingPolicy, type RecordingDirectory } from './recording-policy.ts';
import { parseRecordingPath, recordingPathFor, safeCallId, daysBefore } from './recording-path.ts';

function directory(config: {
  teams?: Record<number, boolean>;
  accounts?: Record<number, boolean>;
  extensions?: Record<number, { teamId: number; accountId: number; record: boolean }>;
}): RecordingDirectory {
  return {
    team: (id) =>
      config.teams?.[id] === undefined ? undefined : { forcedRecording: config.teams[id] },
    account: (id) =>
      config.accounts?.[id] === undefined ? undefined : { forcedRecording: config.accounts[id] },
    extension: (id) => config.extensions?.[id],
  };
}

const call = (extra: Partial<CallStart> = {}): CallStart => ({
  callId: 'c1',
  teamId: 1,
  callType: 'internal',
  callerNumber: '1000',
  calledNumber: '1001',
  startedAtMs: Date.UTC(2026, 10, 25, 23, 59),
  ...extra,
});

const extensions = {
  10: { teamId: 1, accountId: 100, record: false },
  11: { teamId: 1, accountId: 101, record: false },
  20: { teamId: 2, accountId: 200, record: false },
};

describe('RecordingPolicy.decide()', () => {
  test('when no flag is set → not recorded, scope answered', () => {
    const policy = new RecordingPolicy(directory({ teams: { 1: false }, extensions }));
    const d = policy.decide(call({ callerExtensionId: 10, calleeExtensionId: 11 }));
    expect(d).toEqual({ isRecorded: false, reasons: [], scope: 'answered' });
  });

  test('TM-6 team forcedRecording → every call of the team is recorded', () => {
    const policy = new RecordingPolicy(directory({ teams: { 1: true } }));
    const d = policy.decide(call({ callType: 'inbound' }));
    expect(d.isRecorded).toBe(true);
    expect(d.reasons).toEqual(['team-forced']);
  });

  test('TM-6 a callee in another team with forced recording → recorded', () => {
    const policy = new RecordingPolicy(directory({ teams: { 1: false, 2: true }, extensions }));
    expect(policy.decide(call({ calleeExtensionId: 20 })).reasons).toEqual(['team-forced']);
  });

  test("AC-5 the caller's account forcedRecording → recorded", () => {
    const policy = new RecordingPolicy(directory({ accounts: { 100: true }, extensions }));
    expect(policy.decide(call({ callerExtensionId: 10 })).reasons).toEqual([
      'caller-account-forced',
    ]);
  });

  test("AC-5 the callee's account forcedRecording → recorded", () => {
    const policy = new RecordingPolicy(directory({ accounts: { 101: true }, extensions }));
    expect(policy.decide(call({ calleeExtensionId: 11 })).reasons).toEqual([
      'callee-account-forced',
    ]);
  });

  test("EXT-9 the caller's or the callee's extension record → recorded", () => {
    const on = { ...extensions, 10: { ...extensions[10], record: true } };
    const policy = new RecordingPolicy(directory({ extensions: on }));
    expect(policy.decide(call({ callerExtensionId: 10 })).reasons).toEqual(['caller-extension']);
    expect(policy.decide(call({ calleeExtensionId: 10 })).reasons).toEqual(['callee-extension']);
    expect(policy.decide(call({ calleeExtensionId: 11 })).isRecorded).toBe(false);
  });

  test('when an extension or team is unknown → ignored, not an error', () => {
    const policy = new RecordingPolicy(directory({}));
    expect(policy.decide(call({ callerExtensionId: 99 })).isRecorded).toBe(false);
  });
});

describe('recordingPathFor() (D25)', () => {
  test('when a call starts → <teamId>/<UTC date>/<callId>.wav', () => {
    const path = recordingPathFor(7, 'ab-12', Date.UTC(2026, 10, 25, 23, 59, 59));
    expect(path).toBe('7/2026-11-25/ab-12.wav');
    expect(parseRecordingPath(path)).toEqual({ teamId: 7, date: '2026-11-25', callId: 'ab-12' });
  });

  test('when a call id has path characters → they are replaced, no escape', () => {
    expect(safeCallId('../../etc/passwd')).toBe('__.._etc_passwd');
    expect(recordingPathFor(1, '../x', 0)).toBe('1/1970-01-01/__x.wav');
    expect(parseRecordingPath('1/2026-11-25/../../x.wav')).toBeUndefined();
  });

  test('daysBefore() when crossing a month → the UTC calendar date', () => {
    expect(daysBefore('2012-10-09', 3)).toBe('2012-10-06');
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
  });
});
