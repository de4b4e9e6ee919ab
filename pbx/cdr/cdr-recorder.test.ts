import { describe, expect, test } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import { CdrRecorder, type CdrRow, type CdrStorage } from './cdr-recorder.ts';

function memoryStorage(): CdrStorage & { rows: Map<string, CdrRow> } {
  const rows = new Map<string, CdrRow>();
  return {
    rows,
    insert: (row) => void rows.set(row.callId, { ...row }),
    markAnswered: (id, at) => void Object.assign(rows.get(id)!, { answeredAtMs: at }),
    complete: (id, patch) => void Object.assign(rows.get(id)!, patch),
    closeIncomplete: (now) => {
      let n = 0;
      for (const r of rows.values()) {
        if (r.endedAtMs === null) {
          Object.assign(r, { endedAtMs: now, result: 'incomplete' });
          n++;
        }
      }
      return n;
    },
  };
}

const start = {
  callId: 'c1',
  teamId: 1,
  callType: 'internal' as const,
  callerNumber: '1000',
  calledNumber: '1001',
  startedAtMs: 1_000_000,
};

describe('CdrRecorder (spec 01 §2.8)', () => {
  test('CDR-2 an answered call → total = end − start, billable = end − answer', () => {
    const s = memoryStorage();
    const r = new CdrRecorder(s, silentLogger());
    r.started(start);
    expect(s.rows.get('c1')).toMatchObject({ result: 'incomplete', endedAtMs: null });
    r.answered('c1', 1_014_000);
    r.ended('c1', {
      endedAtMs: 1_084_000,
      result: 'answered',
      hangupCause: 16,
      hangupSide: 'caller',
      codec: 'PCMU',
    });
    expect(s.rows.get('c1')).toMatchObject({
      totalDurationSec: 84,
      billableDurationSec: 70,
      result: 'answered',
      hangupCause: 16,
      hangupSide: 'caller',
      answeredAtMs: 1_014_000,
    });
  });

  test('CDR-2 an unanswered call → billable 0, the SIP status kept', () => {
    const s = memoryStorage();
    const r = new CdrRecorder(s, silentLogger());
    r.started(start);
    r.ended('c1', {
      endedAtMs: 1_010_000,
      result: 'busy',
      hangupCause: 17,
      hangupSide: 'callee',
      sipStatus: 486,
    });
    expect(s.rows.get('c1')).toMatchObject({
      totalDurationSec: 10,
      billableDurationSec: 0,
      result: 'busy',
      sipStatus: 486,
    });
  });

  test('recoverAfterCrash() → rows left open by a crash are closed as incomplete', () => {
    const s = memoryStorage();
    const r = new CdrRecorder(s, silentLogger());
    r.started(start);
    r.started({ ...start, callId: 'c2' });
    r.ended('c2', {
      endedAtMs: 1_002_000,
      result: 'cancelled',
      hangupCause: 487,
      hangupSide: 'caller',
    });
    expect(new CdrRecorder(s, silentLogger()).recoverAfterCrash(2_000_000)).toBe(1);
    expect(s.rows.get('c1')).toMatchObject({ result: 'incomplete', endedAtMs: 2_000_000 });
    expect(s.rows.get('c2')).toMatchObject({ result: 'cancelled' });
  });

  test('a storage that throws → the call goes on, nothing thrown', () => {
    const r = new CdrRecorder(
      {
        insert: () => {
          throw new Error('disk full');
        },
        markAnswered: () => undefined,
        complete: () => undefined,
        closeIncomplete: () => 0,
      },
      silentLogger(),
    );
    expect(() => r.started(start)).not.toThrow();
  });
});

describe('CdrRecorder.answeredBy() (D64)', () => {
  const end = { result: 'answered', hangupCause: 16, hangupSide: 'caller' } as const;
  const inbound = { ...start, callType: 'inbound' as const, calledNumber: '700' };

  test('answeredBy() on a call from outside → the member extension, agent and time on its end', () => {
    const s = memoryStorage();
    const r = new CdrRecorder(s, silentLogger());
    r.started(inbound);
    r.answered('c1', 1_001_000);
    r.answeredBy('c1', { extensionId: 12, agentId: 42, answeredAtMs: 1_020_000 });
    expect(s.rows.get('c1')).toMatchObject({ extensionId: null });
    r.ended('c1', { ...end, endedAtMs: 1_050_000 });
    expect(s.rows.get('c1')).toMatchObject({
      extensionId: 12,
      agentId: 42,
      memberAnsweredAtMs: 1_020_000,
      billableDurationSec: 49,
    });
  });

  test('answeredBy() on a call from an extension → the caller extension stays, the agent is added', () => {
    const s = memoryStorage();
    const r = new CdrRecorder(s, silentLogger());
    r.started({ ...start, extensionId: 5 });
    r.answeredBy('c1', { extensionId: 12, answeredAtMs: 1_020_000 });
    r.ended('c1', { ...end, endedAtMs: 1_050_000 });
    expect(s.rows.get('c1')).toMatchObject({
      extensionId: 5,
      agentId: null,
      memberAnsweredAtMs: 1_020_000,
    });
  });

  test('answeredBy() for a call not started here → ignored', () => {
    const s = memoryStorage();
    const r = new CdrRecorder(s, silentLogger());
    r.answeredBy('nope', { extensionId: 12, answeredAtMs: 1 });
    r.started(inbound);
    r.ended('c1', { ...end, endedAtMs: 1_050_000 });
    expect(s.rows.get('c1')).not.toHaveProperty('memberAnsweredAtMs');
  });
});
