import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import type { CallEnd, CallRecorder, CallStart } from '../../core/ports/index.ts';
import type { WebhookDelivery } from '../../core/webhooks/index.ts';
import type { TeamEvent } from './team-event.ts';
import { TeamEventPublisher, type TeamEventTargets } from './team-event-publisher.ts';
import { TeamEventRecorder } from './team-event-recorder.ts';

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);

const start: CallStart = {
  callId: 'c1',
  teamId: 3,
  callType: 'inbound',
  callerNumber: '+15551230000',
  callerName: 'Ann',
  calledNumber: '1001',
  did: '+15559870000',
  startedAtMs: T0,
};

const end: CallEnd = {
  endedAtMs: T0 + 65_400,
  result: 'answered',
  hangupCause: 16,
  hangupSide: 'callee',
};

function recorder(publish: (e: TeamEvent) => void = () => undefined) {
  const seen: string[] = [];
  const inner: CallRecorder = {
    started: (c) => void seen.push(`started ${c.callId}`),
    answered: (id) => void seen.push(`answered ${id}`),
    ended: (id) => void seen.push(`ended ${id}`),
  };
  const sink = { wants: (teamId: number) => teamId !== 99, publish };
  return { r: new TeamEventRecorder(inner, sink, silentLogger()), seen };
}

describe('TeamEventRecorder TM-11', () => {
  it('ringing() → one call.ringing between started and answered; a second 18x → none', () => {
    const events: TeamEvent[] = [];
    const { r } = recorder((e) => events.push(e));
    r.started(start);
    r.ringing('c1', T0 + 800);
    r.ringing('c1', T0 + 900);
    r.answered('c1', T0 + 5000);
    r.ringing('c1', T0 + 6000);
    r.ended('c1', end);
    expect(events.map((e) => e.event)).toEqual([
      'call.started',
      'call.ringing',
      'call.answered',
      'call.ended',
    ]);
    expect(events[1]).toMatchObject({
      occurredAt: new Date(T0 + 800).toISOString(),
      call: { callId: 'c1', answeredAt: null, endedAt: null },
    });
  });

  it('ringing() when the inner recorder has the hook → passed on; unknown call → no event', () => {
    const events: TeamEvent[] = [];
    const rung: string[] = [];
    const inner: CallRecorder = {
      started: () => undefined,
      ringing: (id, atMs) => void rung.push(`${id}@${atMs}`),
      answered: () => undefined,
      ended: () => undefined,
    };
    const sink = { wants: () => true, publish: (e: TeamEvent) => void events.push(e) };
    const r = new TeamEventRecorder(inner, sink, silentLogger());
    r.ringing('nope', T0);
    r.started(start);
    r.ringing('c1', T0 + 1);
    expect(rung).toEqual(['nope@' + String(T0), `c1@${T0 + 1}`]);
    expect(events.map((e) => e.event)).toEqual(['call.started', 'call.ringing']);
  });

  it('a call started, answered and ended → the CDR recorder sees it and three events follow', () => {
    const events: TeamEvent[] = [];
    const { r, seen } = recorder((e) => events.push(e));
    r.started(start);
    r.answered('c1', T0 + 5000);
    r.ended('c1', end);
    expect(seen).toEqual(['started c1', 'answered c1', 'ended c1']);
    expect(events.map((e) => e.event)).toEqual(['call.started', 'call.answered', 'call.ended']);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(events[2]).toMatchObject({
      teamId: 3,
      occurredAt: new Date(T0 + 65_400).toISOString(),
      call: {
        callId: 'c1',
        direction: 'inbound',
        caller: { number: '+15551230000', name: 'Ann' },
        callee: { number: '1001' },
        did: '+15559870000',
        startedAt: new Date(T0).toISOString(),
        answeredAt: new Date(T0 + 5000).toISOString(),
        disposition: 'answered',
        hangupCause: 16,
        hangupSide: 'callee',
        sipStatus: null,
        durationSec: 65,
        billableSec: 60,
      },
    });
    expect(r.size).toBe(0);
  });

  it('an unanswered call → ended with its disposition and billableSec 0', () => {
    const events: TeamEvent[] = [];
    const { r } = recorder((e) => events.push(e));
    r.started(start);
    r.ended('c1', { ...end, result: 'busy', hangupCause: 17, sipStatus: 486 });
    expect(events.at(-1)).toMatchObject({
      event: 'call.ended',
      call: { disposition: 'busy', sipStatus: 486, answeredAt: null, billableSec: 0 },
    });
  });

  it('a publisher that throws → the call and the CDR go on', () => {
    const { r, seen } = recorder(() => {
      throw new Error('boom');
    });
    expect(() => {
      r.started(start);
      r.answered('c1', T0 + 1);
      r.ended('c1', end);
    }).not.toThrow();
    expect(seen).toHaveLength(3);
  });

  it('a team without an event URL → the CDR recorder sees the call, no event is built', () => {
    const events: TeamEvent[] = [];
    const { r, seen } = recorder((e) => events.push(e));
    r.started({ ...start, teamId: 99 });
    r.ended('c1', end);
    expect(seen).toEqual(['started c1', 'ended c1']);
    expect(events).toEqual([]);
    expect(r.size).toBe(0);
  });

  it('answered or ended for an unknown call → passed on, no event', () => {
    const events: TeamEvent[] = [];
    const { r, seen } = recorder((e) => events.push(e));
    r.answered('zz', T0);
    r.ended('zz', end);
    expect(seen).toEqual(['answered zz', 'ended zz']);
    expect(events).toEqual([]);
  });
});

describe('TeamEventPublisher TM-11', () => {
  const targets: TeamEventTargets = {
    find: (teamId) => ({ eventUrl: teamId === 3 ? 'https://hooks.example/e' : null }),
    eventTarget: (teamId) =>
      teamId === 3
        ? { url: 'https://hooks.example/e', verificationString: 'k3y', realm: 'acme.example' }
        : undefined,
  };

  it('publish() for a team with an event URL → one delivery keyed by team, with realm and event headers', () => {
    const queued: Array<[string, WebhookDelivery]> = [];
    const p = new TeamEventPublisher(
      targets,
      { enqueue: (k, d) => void queued.push([k, d]) },
      silentLogger(),
    );
    const events: TeamEvent[] = [];
    const { r } = recorder((e) => events.push(e));
    r.started(start);
    p.publish(events[0]!);
    expect(queued).toHaveLength(1);
    const [key, d] = queued[0]!;
    expect(key).toBe('3');
    expect(d).toMatchObject({ url: 'https://hooks.example/e', secret: 'k3y' });
    expect(d.headers).toEqual({
      'x-switchyard-realm': 'acme.example',
      'x-switchyard-event': 'call.started',
    });
    expect(JSON.parse(d.body)).toEqual(events[0]);
    expect(p.wants(3)).toBe(true);
    expect(p.wants(4)).toBe(false);
  });

  it('publish() for a team without an event URL → nothing queued', () => {
    const queued: unknown[] = [];
    const p = new TeamEventPublisher(
      targets,
      { enqueue: (k, d) => void queued.push([k, d]) },
      silentLogger(),
    );
    const events: TeamEvent[] = [];
    recorder((e) => events.push(e)).r.started({ ...start, teamId: 4 });
    p.publish(events[0]!);
    expect(queued).toEqual([]);
  });
});
