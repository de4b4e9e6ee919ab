import { describe, expect, it } from 'vitest';
import type { TrunkTarget } from '../../core/index.ts';
import { caller, enqueue, member, queueSetup } from './queue-test-kit.ts';

const EXTERNAL_AGENT_TRUNK: TrunkTarget = {
  trunkId: 7,
  trunkName: 'agents',
  host: '192.0.2.7',
  port: 5060,
  transport: 'udp',
  number: '13800138000',
  callerId: { number: '5551234', name: undefined },
  maxChannels: undefined,
  responseTimeoutMs: 5000,
  credentials: undefined,
};

describe('Queue agent legs', () => {
  it('GRP-8 member with autoAnswer → its leg is originated with autoAnswer', async () => {
    const { queue, originator } = queueSetup({ strategy: 'ringall' }, [
      member(1001, { autoAnswer: true }),
      member(1002),
    ]);
    await enqueue(queue, caller());
    const byNumber = new Map(originator.placed.map((p) => [p.leg.remote.number, p.request]));
    expect(byNumber.get('1001')?.autoAnswer).toBe(true);
    expect(byNumber.get('1002')?.autoAnswer).toBeUndefined();
  });

  it('AGT-3 member with an originate target → the queue rings that trunk, not the extension', async () => {
    const { queue, originator } = queueSetup({}, [
      member(1001, { originate: { kind: 'trunks', trunks: [EXTERNAL_AGENT_TRUNK] } }),
    ]);
    await enqueue(queue, caller());
    const placed = originator.placed[0]?.request;
    expect(placed?.target).toEqual({ kind: 'trunks', trunks: [EXTERNAL_AGENT_TRUNK] });
    expect(originator.legsTo('13800138000')).toHaveLength(1);
  });

  it('AGT-3 the external agent answers → the caller is bridged to it as to any member', async () => {
    const { queue, originator, events } = queueSetup({}, [
      member(1001, { originate: { kind: 'trunks', trunks: [EXTERNAL_AGENT_TRUNK] } }),
    ]);
    await enqueue(queue, caller());
    originator.legsTo('13800138000')[0]?.remoteAnswers();
    await new Promise((r) => setImmediate(r));
    expect(events.some((e) => e.startsWith('answered:call-1>ext:1001'))).toBe(true);
  });
});
