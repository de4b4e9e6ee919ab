import { describe, expect, test } from 'vitest';
import { FakeClock, silentLogger, type CallLeg, type MediaSessionRef } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import {
  CONSULT_RING_TIMEOUT_MS,
  HotkeyTransfer,
  type HotkeyHost,
  type HotkeyName,
  type HotkeyOutcome,
  type HotkeyRoute,
} from './hotkey-transfer.ts';
import type { LegSide } from './sip-dialog-leg.ts';

const CALL = 'call-1';
const ref = (side: LegSide): MediaSessionRef => ({ callId: CALL, legId: side });

/** A call whose side `transferor` keyed `name`, with every host call recorded. */
function setup(name: HotkeyName, transferor: LegSide = 'b', holdMusic?: HotkeyHost['holdMusic']) {
  const clock = new FakeClock();
  const media = new FakeMediaControl();
  const outcomes: HotkeyOutcome[] = [];
  const replaced: Array<{ gone: LegSide; leg: CallLeg }> = [];
  const placed: Array<{ route: HotkeyRoute; presented: LegSide; leg: FakeCallLeg }> = [];
  const toApp: LegSide[] = [];
  const routes = new Map<string, HotkeyRoute>([
    [
      '1002',
      {
        kind: 'originate',
        target: {
          kind: 'extension',
          extension: { teamId: 1, extensionId: 3, number: '1002', ringTimeoutMs: 30_000 },
        },
        ringTimeoutMs: 30_000,
      },
    ],
    ['8000', { kind: 'application', destination: { type: 'queue', targetId: 1 } }],
  ]);
  const host: HotkeyHost = {
    clock,
    logger: silentLogger(),
    media,
    ref,
    route: (_side, dialled) => routes.get(dialled) ?? { kind: 'unroutable', reason: 'not-found' },
    originate: (route, presented) => {
      const leg = new FakeCallLeg('outbound', { uri: 'sip:1002@t', number: '1002' });
      placed.push({ route, presented, leg });
      return leg;
    },
    toApplication: (side) => {
      toApp.push(side);
      return true;
    },
    replace: (gone, leg) => replaced.push({ gone, leg }),
    holdMusic,
  };
  const t = new HotkeyTransfer(host, name, transferor, (o) => outcomes.push(o));
  t.start();
  const key = (side: LegSide, keys: string) => {
    for (const k of keys) t.digit(side, k);
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));
  const playing = (side: LegSide) =>
    media.running(ref(side), 'play').map((o) => JSON.stringify(o.source));
  const mixes = () =>
    media.links.filter((l) => l.op === 'mix').map((l) => (l.op === 'mix' ? [l.a, l.b] : []));
  return { t, clock, media, outcomes, replaced, placed, toApp, key, settle, playing, mixes };
}

describe('HotkeyTransfer', () => {
  test("start() with the team's MOH class → the transferee hears that class (MOH-2)", async () => {
    const s = setup('blind-transfer', 'b', { moh: 'default', teamId: 7 });
    await s.settle();
    expect(s.playing('a')).toEqual([JSON.stringify({ moh: 'default', teamId: 7 })]);
  });

  test('start() → the transferee hears hold music, the transferor a dial tone', async () => {
    const s = setup('blind-transfer');
    await s.settle();
    expect(s.playing('a')).toEqual([JSON.stringify({ file: 'moh/default' })]);
    expect(s.playing('b')).toEqual([JSON.stringify({ tone: 'dial' })]);
  });

  test('digit() on blind-transfer when 1002# is keyed → transferor replaced at once, transferee hears ringback, joined on answer', async () => {
    const s = setup('blind-transfer');
    s.key('b', '1002#');
    expect(s.placed).toHaveLength(1);
    expect(s.placed[0]!.presented).toBe('a');
    expect(s.replaced.map((r) => r.gone)).toEqual(['b']);
    await s.settle();
    expect(s.playing('a')).toEqual([JSON.stringify({ tone: 'ringback' })]);
    expect(s.t.isActive).toBe(true);
    s.placed[0]!.leg.remoteAnswers();
    await s.settle();
    expect(s.outcomes).toEqual(['transferred']);
    expect(s.playing('a')).toEqual([]);
    expect(s.mixes()).toEqual([[ref('a'), s.placed[0]!.leg.media]]);
  });

  test('digit() on blind-transfer when the number ends by a 3 s pause → placed then', () => {
    const s = setup('blind-transfer');
    s.key('b', '1002');
    expect(s.placed).toHaveLength(0);
    s.clock.tick(3000);
    expect(s.placed).toHaveLength(1);
  });

  test('digit() on blind-transfer when the number is unroutable → the two parties are re-bridged', async () => {
    const s = setup('blind-transfer');
    s.key('b', '999#');
    await s.settle();
    await s.settle();
    expect(s.placed).toHaveLength(0);
    expect(s.replaced).toHaveLength(0);
    expect(s.outcomes).toEqual(['rebridged']);
    expect(s.playing('a')).toEqual([]);
    expect(s.playing('b')).toEqual([]);
    expect(s.mixes()).toEqual([[ref('b'), ref('a')]]);
  });

  test('start() on blind-transfer when nothing is keyed for 3 s → re-bridged', () => {
    const s = setup('blind-transfer');
    s.clock.tick(3000);
    expect(s.outcomes).toEqual(['rebridged']);
  });

  test('target hangup on blind-transfer when the target fails after the transferor left → ended, not re-bridged', () => {
    const s = setup('blind-transfer');
    s.key('b', '1002#');
    s.placed[0]!.leg.remoteHangsUp({ reason: 'busy', q850: 17, sipStatus: 486 });
    expect(s.outcomes).toEqual(['ended']);
  });

  test('digit() on blind-transfer when an application number is keyed → the caller goes to it (D28)', () => {
    const s = setup('blind-transfer');
    s.key('b', '8000#');
    expect(s.toApp).toEqual(['a']);
    expect(s.outcomes).toEqual(['ended']);
  });

  test('digit() on attended-transfer when an application number is keyed → re-bridged', () => {
    const s = setup('attended-transfer');
    s.key('b', '8000#');
    expect(s.toApp).toEqual([]);
    expect(s.outcomes).toEqual(['rebridged']);
  });

  test('digit() on attended-transfer when a number is keyed → target rings for the transferor (15 s cap), who hears ringback, and talks to it on answer', async () => {
    const s = setup('attended-transfer', 'a');
    s.key('a', '1002#');
    const { leg, presented, route } = s.placed[0]!;
    expect(presented).toBe('a');
    expect(route.kind === 'originate' && route.ringTimeoutMs).toBe(CONSULT_RING_TIMEOUT_MS);
    await s.settle();
    expect(s.playing('a')).toEqual([JSON.stringify({ tone: 'ringback' })]);
    expect(s.playing('b')).toEqual([JSON.stringify({ file: 'moh/default' })]);
    leg.remoteAnswers();
    await s.settle();
    expect(s.mixes()).toEqual([[ref('a'), leg.media]]);
    expect(s.playing('b')).toHaveLength(1);
    expect(s.replaced).toEqual([]);
  });

  test('bye() on attended-transfer when the transferor hangs up after the answer → held party joined to the target', async () => {
    const s = setup('attended-transfer', 'a');
    s.key('a', '1002#');
    const { leg } = s.placed[0]!;
    leg.remoteAnswers();
    await s.settle();
    expect(s.t.bye('a')).toBe(true);
    await s.settle();
    expect(s.replaced.map((r) => r.gone)).toEqual(['a']);
    expect(s.outcomes).toEqual(['transferred']);
    expect(s.playing('b')).toEqual([]);
    expect(s.mixes().at(-1)).toEqual([ref('b'), leg.media]);
    expect(leg.ops).toEqual([]);
  });

  test('digit() on attended-transfer when the transferor keys *2 while the target rings → transferee hears ringback, joined on answer', async () => {
    const s = setup('attended-transfer');
    s.key('b', '1002#');
    s.key('b', '*2');
    expect(s.replaced.map((r) => r.gone)).toEqual(['b']);
    await s.settle();
    expect(s.playing('a')).toEqual([JSON.stringify({ tone: 'ringback' })]);
    s.placed[0]!.leg.remoteAnswers();
    await s.settle();
    expect(s.outcomes).toEqual(['transferred']);
    expect(s.mixes()).toEqual([[ref('a'), s.placed[0]!.leg.media]]);
  });

  test('digit() on attended-transfer when the transferor keys *1 → target hung up, parties re-bridged', async () => {
    const s = setup('attended-transfer');
    s.key('b', '1002#');
    s.placed[0]!.leg.remoteAnswers();
    s.key('b', '*1');
    await s.settle();
    await s.settle();
    expect(s.placed[0]!.leg.ops).toEqual(['hangup']);
    expect(s.outcomes).toEqual(['rebridged']);
    expect(s.mixes().at(-1)).toEqual([ref('b'), ref('a')]);
    expect(s.playing('a')).toEqual([]);
  });

  test('target hangup on attended-transfer when the target does not answer → the held party comes back', () => {
    const s = setup('attended-transfer');
    s.key('b', '1002#');
    s.placed[0]!.leg.remoteHangsUp({ reason: 'no-answer', q850: 19 });
    expect(s.outcomes).toEqual(['rebridged']);
    expect(s.replaced).toEqual([]);
  });

  test('bye() on attended-transfer when the held party hangs up → the transferor keeps the target', async () => {
    const s = setup('attended-transfer');
    s.key('b', '1002#');
    expect(s.t.bye('a')).toBe(true);
    expect(s.replaced.map((r) => r.gone)).toEqual(['a']);
    s.placed[0]!.leg.remoteAnswers();
    await s.settle();
    expect(s.outcomes).toEqual(['transferred']);
    expect(s.mixes()).toEqual([[ref('b'), s.placed[0]!.leg.media]]);
  });

  test('bye() on attended-transfer when a BYE comes while collecting → not taken, the call ends as usual', () => {
    const s = setup('attended-transfer');
    s.key('b', '10');
    expect(s.t.bye('b')).toBe(false);
  });

  test('bye() on agent-consult when the transferor hangs up → not taken; close() hangs up the consulted party', () => {
    const s = setup('agent-consult');
    s.key('b', '1002#');
    s.placed[0]!.leg.remoteAnswers();
    expect(s.t.bye('b')).toBe(false);
    s.t.close();
    expect(s.placed[0]!.leg.ops).toEqual(['hangup']);
    expect(s.outcomes).toEqual(['ended']);
    expect(s.replaced).toEqual([]);
  });

  test('target hangup on agent-consult when the consulted party hangs up → back to the original party', async () => {
    const s = setup('agent-consult');
    s.key('b', '1002#');
    s.placed[0]!.leg.remoteAnswers();
    await s.settle();
    s.placed[0]!.leg.remoteHangsUp();
    await s.settle();
    await s.settle();
    expect(s.outcomes).toEqual(['rebridged']);
    expect(s.mixes().at(-1)).toEqual([ref('b'), ref('a')]);
  });

  test('digit() on agent-consult when the transferor keys *2 → ignored, still consulting', () => {
    const s = setup('agent-consult');
    s.key('b', '1002#');
    s.key('b', '*2');
    expect(s.replaced).toEqual([]);
    expect(s.t.isActive).toBe(true);
  });

  test('digit() when the transferee keys → ignored', () => {
    const s = setup('blind-transfer');
    s.key('a', '1002#');
    expect(s.placed).toHaveLength(0);
  });
});
