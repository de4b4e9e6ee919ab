import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openCdrStore } from './open-cdr-store.ts';
import { startedCdr } from './test-cdr.ts';

describe('openCdrStore()', () => {
  test('a process killed with SIGKILL with 50 calls finished and 50 up → all 100 rows there; the cut ones close as incomplete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-cdr-'));
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./crash-child.ts', import.meta.url)), dir],
      { encoding: 'utf8' },
    );
    expect(child.signal).toBe('SIGKILL');
    const store = openCdrStore(dir);
    try {
      expect(store.list({ limit: 1000 })).toHaveLength(100);
      expect(store.closeIncomplete(100_000)).toBe(50);
      expect(store.get('call-7')).toMatchObject({
        result: 'answered',
        endedAtMs: 90_000,
        totalDurationSec: 89,
      });
      expect(store.get('call-77')).toMatchObject({ result: 'incomplete', endedAtMs: 100_000 });
    } finally {
      store.close();
    }
  });

  test('get() of a call in progress (D112) → the row as the file holds it, after each kind of write', () => {
    const store = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-')));
    const fromFile = (callId: string) =>
      store.list({ limit: 100 }).find((r) => r.callId === callId);
    try {
      const base = startedCdr({ callerNumber: '1' });
      store.insert({ ...base, callId: 'c1', startedAtMs: 1_000, extensionId: 4 });
      store.insert({ ...base, callId: 'c1', startedAtMs: 9_999 });
      expect(store.get('c1')).toEqual(fromFile('c1'));
      expect(store.get('c1')).toMatchObject({ startedAtMs: 1_000, ivrInput: null, agentId: null });
      store.markAnswered('c1', 2_000);
      expect(store.get('c1')).toEqual(fromFile('c1'));
      store.markAnswered('c1', 2_500, 7);
      expect(store.get('c1')).toEqual(fromFile('c1'));
      expect(store.get('c1')).toMatchObject({ answeredAtMs: 2_500, trunkId: 7 });
      store.addIvr('c1', '1', 300);
      store.addIvr('c1', '2', 200);
      expect(store.get('c1')).toMatchObject({ ivrInput: '1,2', ivrDurationMs: 500 });
      store.insert({ ...base, callId: 'c2', startedAtMs: 1_000 });
      store.setRecordingPath('c2', 'rec/c2.wav');
      expect(store.get('c2')).toMatchObject({ recordingPath: 'rec/c2.wav' });
      const copy = store.get('c2')!;
      copy.callerNumber = 'changed';
      expect(store.get('c2')!.callerNumber).toBe('1');
      store.insert({ ...base, callId: 'c3', startedAtMs: 1_000 });
      store.complete('c3', { endedAtMs: 3_000, result: 'answered', totalDurationSec: 2 });
      expect(store.get('c3')).toEqual(fromFile('c3'));
      expect(store.get('c3')).toMatchObject({ endedAtMs: 3_000, result: 'answered' });
      store.insert({ ...base, callId: 'c4', startedAtMs: 1_000 });
      expect(store.closeIncomplete(5_000)).toBe(3);
      expect(store.get('c4')).toMatchObject({ result: 'incomplete', endedAtMs: 5_000 });
    } finally {
      store.close();
    }
  });

  test('list() → newest first, filtered by team and time, paged', () => {
    const store = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-')));
    const base = startedCdr();
    for (let i = 0; i < 5; i++)
      store.insert({ ...base, callId: `a${i}`, teamId: 1, startedAtMs: 100 + i });
    store.insert({ ...base, callId: 'b0', teamId: 2, startedAtMs: 102 });
    expect(store.list({ teamId: 1, limit: 2 }).map((r) => r.callId)).toEqual(['a4', 'a3']);
    expect(
      store
        .list({ teamId: 1, limit: 2, after: { startedAtMs: 103, callId: 'a3' } })
        .map((r) => r.callId),
    ).toEqual(['a2', 'a1']);
    // Calls sharing a millisecond: the call id breaks the tie, so pages
    // after the last row skip none and repeat none (D108).
    for (const id of ['t3', 't1', 't2', 't0'])
      store.insert({ ...base, callId: id, teamId: 3, startedAtMs: 200 });
    store.insert({ ...base, callId: 'u', teamId: 3, startedAtMs: 199 });
    const walked: string[] = [];
    let page = store.list({ teamId: 3, limit: 3 });
    while (page.length > 0) {
      walked.push(...page.map((r) => r.callId));
      page = store.list({ teamId: 3, limit: 3, after: page.at(-1) });
    }
    expect(walked).toEqual(['t3', 't2', 't1', 't0', 'u']);
    expect(
      store.list({ limit: 2, after: { startedAtMs: 200, callId: 't2' } }).map((r) => r.callId),
    ).toEqual(['t1', 't0']);
    expect(
      store
        .list({ sinceMs: 102, untilMs: 103, limit: 10 })
        .map((r) => r.callId)
        .sort(),
    ).toEqual(['a2', 'b0']);
    store.close();
  });

  test('list() TM-10 agentCalls → calls naming the agent, or of its extensions naming no agent; agentId → calls naming it', () => {
    const store = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-')));
    const base = startedCdr({ callType: 'inbound', result: 'answered' });
    const rows = [
      { callId: 'named', extensionId: 9, agentId: 7 },
      { callId: 'at-ext', extensionId: 5, agentId: null },
      { callId: 'other-agent-at-ext', extensionId: 5, agentId: 8 },
      { callId: 'elsewhere', extensionId: 6, agentId: null },
    ];
    rows.forEach((row, i) => store.insert({ ...base, ...row, startedAtMs: 100 + i }));
    const ids = (query: Parameters<typeof store.list>[0]) => store.list(query).map((r) => r.callId);
    expect(ids({ agentCalls: { agentId: 7, extensionIds: [5] }, limit: 10 })).toEqual([
      'at-ext',
      'named',
    ]);
    expect(ids({ agentCalls: { agentId: 7, extensionIds: [] }, limit: 10 })).toEqual(['named']);
    expect(ids({ agentId: 8, limit: 10 })).toEqual(['other-agent-at-ext']);
    store.close();
  });

  test('listAsync() on the reader thread (D108) → the same records as list(), every column; the thread sees commits made before the query', async () => {
    const store = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-')));
    try {
      for (let i = 0; i < 12; i++) {
        store.insert({
          callId: `r${i % 4}-${i}`,
          teamId: 1 + (i % 2),
          callType: i % 3 === 0 ? 'inbound' : 'outbound',
          callerNumber: `100${i % 3}`,
          callerName: i % 2 === 0 ? `Caller ${i}` : null,
          calledNumber: `555${i}`,
          did: i % 3 === 0 ? '88001' : null,
          extensionId: i % 5,
          trunkId: null,
          startedAtMs: 1_000 + Math.floor(i / 3),
          answeredAtMs: i % 2 === 0 ? 1_500 + i : null,
          endedAtMs: 2_000 + i,
          totalDurationSec: i,
          billableDurationSec: i % 4,
          result: i % 2 === 0 ? 'answered' : 'no-answer',
          hangupCause: 16,
          hangupSide: 'caller',
          sipStatus: 200,
          codec: 'PCMA',
          mos: 4.25,
          recordingPath: i % 4 === 0 ? `/rec/${i}.wav` : null,
          agentId: i % 3 === 1 ? 7 : null,
          extensionChargeE4: i * 100,
        });
      }
      store.addIvr('r0-0', '12', 3_000);
      const queries = [
        { limit: 100 },
        { teamId: 1, limit: 3 },
        { teamId: 2, limit: 100, after: { startedAtMs: 1_002, callId: 'r3-7' } },
        { limit: 100, match: { callerNumber: '1001', did: null } },
        { limit: 100, contains: { calledNumber: '51' }, empty: { agentId: true } },
        { limit: 100, durations: { totalDurationSec: { gt: 2, lt: 9 } }, hasRecording: false },
        { limit: 100, teamIds: [2], extensionIds: [1, 3], sinceMs: 1_001, untilMs: 1_003 },
        { limit: 100, agentCalls: { agentId: 7, extensionIds: [0] } },
        { limit: 100, teamIds: [] },
      ];
      for (const query of queries) {
        const rows = store.list(query);
        expect(await store.listAsync(query), JSON.stringify(query)).toEqual(rows);
      }
      expect((await store.listAsync({ limit: 1 }))[0]).toEqual(store.get('r3-11'));
      expect(await store.listAsync({ limit: 100, match: { callId: 'r0-0' } })).toEqual([
        expect.objectContaining({ ivrInput: '12', ivrDurationMs: 3_000, mos: 4.25 }),
      ]);
      store.complete('r3-11', { result: 'busy' });
      expect((await store.listAsync({ limit: 1 }))[0]).toMatchObject({ result: 'busy' });
      expect(await store.didTotals({ teamId: 1, sinceMs: 0, untilMs: 5_000 })).toEqual([
        { did: '88001', calls: 2, answered: 2, totalSec: 6, billableSec: 2, billableMinutes: 1 },
      ]);
    } finally {
      store.close();
    }
    await expect(store.listAsync({ limit: 1 })).rejects.toThrow('closed');
    await expect(store.didTotals({ teamId: 1, sinceMs: 0, untilMs: 1 })).rejects.toThrow('closed');
    const unread = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-')));
    unread.close();
    await expect(unread.listAsync({ limit: 1 })).rejects.toThrow('closed');
  });

  test('listAsync() of more rows than one part (1,000) → every row, in order, parts joined', async () => {
    const store = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-')));
    try {
      for (let i = 0; i < 2_345; i++) {
        store.insert(
          startedCdr({
            callId: `p${String(i).padStart(5, '0')}`,
            callType: 'outbound',
            calledNumber: `9${i}`,
            startedAtMs: 10_000 + Math.floor(i / 7),
            result: 'failed',
          }),
        );
      }
      const rows = await store.listAsync({ teamId: 1, limit: 5_000 });
      expect(rows).toHaveLength(2_345);
      expect(rows).toEqual(store.list({ teamId: 1, limit: 5_000 }));
      expect(rows[0]!.callId).toBe('p02344');
      expect(rows.at(-1)!.callId).toBe('p00000');
    } finally {
      store.close();
    }
  });
});
