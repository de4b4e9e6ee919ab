import { describe, expect, test } from 'vitest';
import { FakeClock, silentLogger } from '../../core/index.ts';
import type { AgentSession, OriginateRequest, TrunkTarget } from '../../core/ports/index.ts';
import { FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { PlacedLegBook, type CdrLegRow } from './leg-recorder.ts';

const extensionRequest = (number: string, parentCallId?: string): OriginateRequest => ({
  teamId: 1,
  target: {
    kind: 'extension',
    extension: { teamId: 1, extensionId: 7, number, ringTimeoutMs: 20_000 },
  },
  caller: { uri: 'sip:5551234@carrier', number: '5551234' },
  ringTimeoutMs: 20_000,
  parentCallId,
});

function setup(opts: { failWrites?: boolean } = {}) {
  const clock = new FakeClock(1_000_000);
  const inner = new FakeOriginator();
  const rows: CdrLegRow[] = [];
  const errors: unknown[] = [];
  const logger = { ...silentLogger(), error: (o: unknown) => void errors.push(o) };
  const agent = { agentId: 95, agentNo: '8001' } as AgentSession;
  const book = new PlacedLegBook({
    storage: {
      insertLeg: (row) => {
        if (opts.failWrites === true) throw new Error('disk full');
        rows.push(row);
      },
    },
    clock,
    logger: logger as ReturnType<typeof silentLogger>,
    agents: { sessionAtPhone: (teamId, n) => (teamId === 1 && n === '1001' ? agent : undefined) },
  });
  return { clock, inner, rows, errors, book, originator: book.wrap(inner) };
}

describe('PlacedLegBook (CDR-1 per-leg rows)', () => {
  test('CDR-1 an answered leg of a call → one row at hangup with the agent there, answer time and durations', () => {
    const { clock, inner, rows, book, originator } = setup();
    expect(originator.originate(extensionRequest('1001', 'call-1')).ok).toBe(true);
    const leg = inner.placed[0]!.leg;
    expect(book.live('call-1')).toMatchObject([
      {
        legId: leg.id,
        calledNumber: '1001',
        agentNo: '8001',
        state: 'ringing',
        answeredAtMs: null,
      },
    ]);
    clock.tick(4_000);
    leg.remoteAnswers();
    expect(book.live('call-1')).toMatchObject([{ state: 'answered', answeredAtMs: 1_004_000 }]);
    expect(rows).toEqual([]);
    clock.tick(30_400);
    leg.remoteHangsUp();
    expect(book.live('call-1')).toEqual([]);
    expect(rows).toEqual([
      {
        callId: 'call-1',
        legId: leg.id,
        target: 'extension',
        calledNumber: '1001',
        extensionId: 7,
        trunkId: null,
        agentId: 95,
        agentNo: '8001',
        agentGroupId: null,
        purpose: null,
        startedAtMs: 1_000_000,
        answeredAtMs: 1_004_000,
        endedAtMs: 1_034_400,
        totalDurationSec: 34,
        billableDurationSec: 30,
        result: 'answered',
        hangupCause: 16,
      },
    ]);
  });

  test.each([
    [{ reason: 'busy', q850: 17 }, 'busy'],
    [{ reason: 'no-answer', q850: 19 }, 'no-answer'],
    [{ reason: 'cancelled', q850: 487 }, 'cancelled'],
    [{ reason: 'normal', q850: 16 }, 'cancelled'],
    [{ reason: 'unavailable', q850: 20 }, 'failed'],
  ] as const)(
    'CDR-1 a leg ending unanswered with %o → result %s, no answer time',
    (cause, result) => {
      const { inner, rows, originator } = setup();
      originator.originate(extensionRequest('1002', 'call-2'));
      inner.placed[0]!.leg.remoteHangsUp(cause);
      expect(rows).toMatchObject([
        {
          calledNumber: '1002',
          agentId: null,
          answeredAtMs: null,
          billableDurationSec: 0,
          result,
          hangupCause: cause.q850,
        },
      ]);
    },
  );

  test('CDR-1 a queue’s agent leg → purpose queue and the agent’s group that made it a member (坐席组)', () => {
    const { inner, rows, book, originator } = setup();
    originator.originate({
      ...extensionRequest('1001', 'call-6'),
      purpose: 'queue',
      agentGroupId: 3,
    });
    expect(book.live('call-6')).toMatchObject([{ purpose: 'queue', agentNo: '8001' }]);
    inner.placed[0]!.leg.remoteHangsUp({ reason: 'no-answer', q850: 19 });
    originator.originate({ ...extensionRequest('1001', 'call-7'), purpose: 'consult' });
    inner.placed[1]!.leg.remoteHangsUp();
    expect(rows).toMatchObject([
      { callId: 'call-6', purpose: 'queue', agentId: 95, agentGroupId: 3, result: 'no-answer' },
      { callId: 'call-7', purpose: 'consult', agentId: 95, agentGroupId: null },
    ]);
  });

  test('CDR-1 a trunk leg → the first trunk and the number sent to it', () => {
    const { inner, rows, originator } = setup();
    const trunk = { trunkId: 3, number: '0044201234' } as TrunkTarget;
    originator.originate({
      ...extensionRequest('x', 'call-3'),
      target: { kind: 'trunks', trunks: [trunk] },
    });
    inner.placed[0]!.leg.remoteHangsUp({ reason: 'busy', q850: 17 });
    expect(rows).toMatchObject([
      { target: 'trunk', calledNumber: '0044201234', trunkId: 3, extensionId: null },
    ]);
  });

  test('CDR-1 a leg with no parent call (click-to-call first leg) or one refused at once → no row', () => {
    const { inner, rows, originator } = setup();
    originator.originate(extensionRequest('1001'));
    inner.placed[0]!.leg.remoteHangsUp();
    inner.refuse = true;
    expect(originator.originate(extensionRequest('1001', 'call-4')).ok).toBe(false);
    expect(rows).toEqual([]);
  });

  test('CDR-1 a failed write → logged, the leg goes on', () => {
    const { inner, errors, originator } = setup({ failWrites: true });
    originator.originate(extensionRequest('1001', 'call-5'));
    expect(() => inner.placed[0]!.leg.remoteHangsUp()).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});
