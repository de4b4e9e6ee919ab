import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import type { FeatureMatch } from '../routing/index.ts';
import { runForwardFeature, sayExtension } from './forward-features.ts';

function setUp() {
  const media = new FakeMediaControl();
  const clock = new FakeClock();
  const updates: Array<Record<string, string | null>> = [];
  const directory = {
    extensions: {
      find: (id: number) => (id === 5 ? { id: 5, internalNumber: '1005' } : undefined),
      update: (_: number, patch: Record<string, string | null>) => updates.push(patch),
    },
  };
  const leg = new FakeCallLeg('inbound', { uri: 'sip:1005@t', number: '1005' });
  const call = {
    callId: leg.id,
    teamId: 1,
    leg,
    dialled: '*91',
    destination: { type: 'application' as const },
  };
  const deps = { media, clock, directory };
  const forward = (match: FeatureMatch) => runForwardFeature(call, deps, 5, match);
  return { media, clock, updates, leg, call, deps, forward };
}

const tick = () => new Promise((r) => setImmediate(r));

/** Ends the play running on `leg` once it has started. */
async function endPlay(media: FakeMediaControl, leg: FakeCallLeg): Promise<unknown> {
  await tick();
  const op = media.running(leg.media, 'play')[0]!;
  op.end('completed');
  return op.source;
}

describe('runForwardFeature()', () => {
  it('runForwardFeature() *91 with a number → forwardAlways set, beep, hung up', async () => {
    const { media, updates, leg, forward } = setUp();
    const done = forward({ name: 'forward-always', argument: '2000' });
    expect(await endPlay(media, leg)).toEqual({ tone: 'beep' });
    expect(await done).toBe('set');
    expect(updates).toEqual([{ forwardAlways: '2000' }]);
    expect(leg.ops).toEqual(['answer', 'hangup']);
  });

  it.each([
    ['forward-busy', 'forwardBusy'],
    ['forward-unreachable', 'forwardUnreachable'],
    ['forward-no-answer', 'forwardNoAnswer'],
  ] as const)('runForwardFeature() %s with a number → %s set', async (name, field) => {
    const { media, updates, leg, forward } = setUp();
    const done = forward({ name, argument: '+4930123' });
    await endPlay(media, leg);
    await done;
    expect(updates).toEqual([{ [field]: '+4930123' }]);
  });

  it('runForwardFeature() bare *91 → dial tone, digits until # set the forward', async () => {
    const { media, updates, leg, forward } = setUp();
    const done = forward({ name: 'forward-always', argument: undefined });
    await tick();
    expect(media.running(leg.media, 'play')[0]!.source).toEqual({ tone: 'dial' });
    for (const d of '2001#') leg.pressDigit(d);
    expect(await endPlay(media, leg)).toEqual({ tone: 'beep' });
    expect(await done).toBe('set');
    expect(updates).toEqual([{ forwardAlways: '2001' }]);
  });

  it('runForwardFeature() bare *92 and no key before the timeout → nothing set, busy tone', async () => {
    const { media, clock, updates, leg, forward } = setUp();
    const done = forward({ name: 'forward-busy', argument: undefined });
    await tick();
    media.running(leg.media, 'play')[0]!.end('completed');
    await tick();
    clock.tick(10_000);
    expect(await endPlay(media, leg)).toEqual({ tone: 'busy' });
    expect(await done).toBe('no-number');
    expect(updates).toEqual([]);
    expect(leg.state).toBe('terminated');
  });

  it('runForwardFeature() *90 → all four forwards cleared', async () => {
    const { media, updates, leg, forward } = setUp();
    const done = forward({ name: 'forward-cancel', argument: undefined });
    await endPlay(media, leg);
    expect(await done).toBe('cleared');
    expect(updates).toEqual([
      { forwardAlways: null, forwardBusy: null, forwardNoAnswer: null, forwardUnreachable: null },
    ]);
  });

  it('runForwardFeature() when the caller hangs up while typing → nothing set', async () => {
    const { updates, leg, forward } = setUp();
    const done = forward({ name: 'forward-always', argument: undefined });
    await tick();
    leg.pressDigit('2');
    leg.remoteHangsUp();
    expect(await done).toBe('hangup');
    expect(updates).toEqual([]);
  });
});

describe('sayExtension()', () => {
  it('sayExtension() → answers, says 1-0-0-5 digit by digit, hangs up', async () => {
    const { media, leg, call, deps } = setUp();
    const done = sayExtension(call, deps, 5);
    const said: unknown[] = [];
    for (let i = 0; i < 4; i++) said.push(await endPlay(media, leg));
    await done;
    expect(said).toEqual([
      { file: 'digits/1' },
      { file: 'digits/0' },
      { file: 'digits/0' },
      { file: 'digits/5' },
    ]);
    expect(leg.ops).toEqual(['answer', 'hangup']);
  });
});
