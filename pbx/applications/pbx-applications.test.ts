import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import type { ApplicationCall, Destination } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { PbxApplications, type PbxApplicationsOptions } from './pbx-applications.ts';

const ext = {
  id: 7,
  teamId: 1,
  internalNumber: '1001',
  status: 'enabled',
  dnd: false,
  ringTimeoutSec: 20,
};

function setUp(extra: Partial<PbxApplicationsOptions> = {}) {
  const media = new FakeMediaControl();
  const originator = new FakeOriginator();
  const apps = new PbxApplications({
    media,
    originator,
    logger: silentLogger(),
    directory: { extensions: { find: (id) => (id === ext.id ? ext : undefined) } },
    ...extra,
  });
  const leg = new FakeCallLeg('inbound', { uri: 'sip:1000@t', number: '1000' });
  const call = (destination: Destination): ApplicationCall => ({
    callId: leg.id,
    teamId: 1,
    leg,
    dialled: '800',
    destination,
  });
  return { media, originator, apps, leg, call };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('PbxApplications', () => {
  it('run() with destination hangup → the caller is hung up with normal clearing', async () => {
    const { apps, leg, call } = setUp();
    await apps.run(call({ type: 'hangup' }));
    expect(leg.actions).toEqual([{ op: 'hangup', cause: { reason: 'normal', q850: 16 } }]);
  });

  it('run() with destination busy → hung up as busy (486)', async () => {
    const { apps, leg, call } = setUp();
    await apps.run(call({ type: 'busy' }));
    expect(leg.actions[0]).toMatchObject({
      op: 'hangup',
      cause: { reason: 'busy', sipStatus: 486 },
    });
  });

  it('run() with a type nobody handles → hung up as unavailable', async () => {
    const { apps, leg, call } = setUp();
    await apps.run(call({ type: 'fax' }));
    expect(leg.actions[0]).toMatchObject({ op: 'hangup', cause: { reason: 'unavailable' } });
  });

  it('run() when handlers send the call round in a loop → ended with congestion after maxHops', async () => {
    let runs = 0;
    const { apps, leg, call } = setUp({
      maxHops: 5,
      handlers: {
        queue: () => {
          runs++;
          return Promise.resolve({
            kind: 'destination',
            destination: { type: 'ivr', targetId: 1 },
          });
        },
        ivr: () =>
          Promise.resolve({ kind: 'destination', destination: { type: 'queue', targetId: 1 } }),
      },
    });
    await apps.run(call({ type: 'queue', targetId: 1 }));
    expect(runs).toBe(3);
    expect(leg.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { reason: 'congestion' } });
  });

  it('run() with destination extension → caller rings, callee answers, caller answered and bridged', async () => {
    const { apps, leg, call, originator, media } = setUp();
    const done = apps.run(call({ type: 'extension', targetId: 7 }));
    await tick();
    const callee = originator.legsTo('1001')[0]!;
    expect(originator.placed[0]!.request.ringTimeoutMs).toBe(20_000);
    expect(leg.ops).toEqual(['ring']);
    callee.remoteAnswers();
    await tick();
    await tick();
    expect(leg.ops).toEqual(['ring', 'answer']);
    expect(media.links[0]).toMatchObject({ op: 'mix', a: leg.media, b: callee.media });
    callee.remoteHangsUp();
    await done;
    expect(leg.state).toBe('terminated');
  });

  it('run() with destination extension when the callee is busy → caller hung up busy', async () => {
    const { apps, leg, call, originator } = setUp();
    const done = apps.run(call({ type: 'extension', targetId: 7 }));
    await tick();
    originator.legsTo('1001')[0]!.remoteHangsUp({ reason: 'busy', q850: 17, sipStatus: 486 });
    await done;
    expect(leg.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { reason: 'busy' } });
  });

  it('run() with destination extension when the caller hangs up while it rings → callee cancelled', async () => {
    const { apps, leg, call, originator } = setUp();
    const done = apps.run(call({ type: 'extension', targetId: 7 }));
    await tick();
    leg.remoteHangsUp();
    await done;
    expect(originator.legsTo('1001')[0]!.actions[0]).toMatchObject({
      op: 'hangup',
      cause: { reason: 'cancelled' },
    });
  });

  it('run() with destination extension of another team → unavailable, nothing dialled', async () => {
    const { apps, leg, originator } = setUp();
    await apps.run({
      callId: 'x',
      teamId: 2,
      leg,
      dialled: '1',
      destination: { type: 'extension', targetId: 7 },
    });
    expect(originator.placed).toHaveLength(0);
    expect(leg.state).toBe('terminated');
  });

  it('IVR-9 run() when an IVR sends the caller to an extension with afterKept and the callee hangs up → caller kept, afterKept runs', async () => {
    let afterKeptRuns = 0;
    const { apps, leg, call, originator } = setUp({
      handlers: {
        ivr: () =>
          Promise.resolve({
            kind: 'destination',
            destination: { type: 'extension', targetId: 7 },
            afterKept: () => {
              afterKeptRuns++;
              return Promise.resolve({ kind: 'destination', destination: { type: 'hangup' } });
            },
          }),
      },
    });
    const done = apps.run(call({ type: 'ivr', targetId: 1 }));
    await tick();
    const callee = originator.legsTo('1001')[0]!;
    callee.remoteAnswers();
    await tick();
    await tick();
    callee.remoteHangsUp();
    await done;
    expect(afterKeptRuns).toBe(1);
    // Hung up by the `hangup` destination afterKept chose, not by the bridge.
    expect(leg.ops).toEqual(['ring', 'answer', 'hangup']);
  });

  it('IVR-9 run() with afterKept when the caller hangs up first → callee hung up, afterKept never runs', async () => {
    let afterKeptRuns = 0;
    const { apps, leg, call, originator } = setUp({
      handlers: {
        ivr: () =>
          Promise.resolve({
            kind: 'destination',
            destination: { type: 'extension', targetId: 7 },
            afterKept: () => {
              afterKeptRuns++;
              return Promise.resolve({ kind: 'done' });
            },
          }),
      },
    });
    const done = apps.run(call({ type: 'ivr', targetId: 1 }));
    await tick();
    const callee = originator.legsTo('1001')[0]!;
    callee.remoteAnswers();
    await tick();
    await tick();
    leg.remoteHangsUp();
    await done;
    expect(afterKeptRuns).toBe(0);
    expect(callee.state).toBe('terminated');
  });

  it('run() when a handler answers kept but nobody asked → the caller is hung up normally', async () => {
    const { apps, leg, call } = setUp({
      handlers: { queue: () => Promise.resolve({ kind: 'kept' }) },
    });
    await leg.answer();
    await apps.run(call({ type: 'queue', targetId: 1 }));
    expect(leg.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { q850: 16 } });
  });
});
