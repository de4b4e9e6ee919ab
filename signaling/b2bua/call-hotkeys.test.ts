import { describe, expect, test } from 'vitest';
import {
  FakeClock,
  silentLogger,
  type CallLeg,
  type Destination,
  type MediaSessionRef,
} from '../../core/index.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { enabledHotkeys } from './b2bua-hotkeys.ts';
import { CallHotkeys } from './call-hotkeys.ts';
import type { HotkeyName } from './hotkey-transfer.ts';
import type { LegSide } from './sip-dialog-leg.ts';

const DEFAULTS = [
  { name: 'pickup', code: '*61', enabled: true },
  { name: 'blind-transfer', code: '*51', enabled: true },
  { name: 'attended-transfer', code: '*52', enabled: true },
  { name: 'agent-consult', code: '*55', enabled: true },
];

const IVR: Destination = { type: 'ivr', targetId: 1 };

function setup(
  opts: { sides?: LegSide[]; codes?: typeof DEFAULTS; isGated?: boolean; toApp?: boolean } = {},
) {
  const clock = new FakeClock();
  const media = new FakeMediaControl();
  const routed: Array<[LegSide, string]> = [];
  let codeReads = 0;
  const replaced: Array<[LegSide, CallLeg]> = [];
  const gates: string[] = [];
  const hotkeys = new CallHotkeys(
    {
      id: 'call-1',
      extensionSides: opts.sides ?? ['a', 'b'],
      isOriginal: () => true,
      replaceParty: (gone, leg) => replaced.push([gone, leg]),
    },
    {
      clock,
      logger: silentLogger(),
      media,
      codes: () => {
        codeReads++;
        return enabledHotkeys(opts.codes ?? DEFAULTS);
      },
      route: (side, dialled) => {
        routed.push([side, dialled]);
        return opts.toApp === true
          ? { kind: 'application', destination: IVR }
          : { kind: 'unroutable', reason: 'test' };
      },
      originate: () => undefined,
      toApplication: () => opts.toApp === true,
      ...(opts.isGated === true
        ? {
            gateDtmf: (ref: MediaSessionRef, codes: readonly string[]) => {
              gates.push(`${ref.callId}/${ref.legId}:${codes.join(',')}`);
            },
          }
        : {}),
    },
  );
  const key = (side: string, keys: string) => {
    for (const k of keys) hotkeys.digit(side, k);
  };
  return { hotkeys, clock, media, routed, key, replaced, gates, codeReads: () => codeReads };
}

describe('enabledHotkeys()', () => {
  test('enabledHotkeys() when codes of both kinds, one disabled → only enabled hotkeys', () => {
    const codes = enabledHotkeys([
      ...DEFAULTS.slice(0, 3),
      { name: 'agent-consult', code: '*55', enabled: false },
    ]);
    expect(codes).toEqual<Array<{ name: HotkeyName; code: string }>>([
      { name: 'blind-transfer', code: '*51' },
      { name: 'attended-transfer', code: '*52' },
    ]);
  });
});

describe('CallHotkeys', () => {
  test('digit() when the callee keys *51 then 1002# → a transfer runs and routes 1002 as the callee', () => {
    const s = setup();
    s.key('b', '*51');
    expect(s.hotkeys.isBusy).toBe(true);
    s.key('b', '1002#');
    expect(s.routed).toEqual([['b', '1002']]);
    // Unroutable: the parties are re-bridged and hotkeys work again.
    expect(s.hotkeys.isBusy).toBe(false);
    s.key('b', '*52');
    expect(s.hotkeys.isBusy).toBe(true);
  });

  test('digit() when the side is not an extension (a trunk far end) → no hotkeys', () => {
    const s = setup({ sides: ['b'] });
    s.key('a', '*51');
    expect(s.hotkeys.isBusy).toBe(false);
  });

  test('digit() when the hotkey is disabled for the team → not recognised (R15.9-1)', () => {
    const s = setup({
      codes: DEFAULTS.map((c) => (c.name === 'blind-transfer' ? { ...c, enabled: false } : c)),
    });
    s.key('a', '*51');
    expect(s.hotkeys.isBusy).toBe(false);
    s.key('a', '*55');
    expect(s.hotkeys.isBusy).toBe(true);
  });

  test('digit() when the codes were read once → not read again per key', () => {
    const s = setup();
    s.key('a', '123');
    s.key('b', '456');
    expect(s.codeReads()).toBe(1);
  });

  test('digit() when the keys come slower than 1 s apart → no match (featuredigittimeout)', () => {
    const s = setup();
    for (const k of '*51') {
      s.hotkeys.digit('a', k);
      s.clock.tick(1500);
    }
    expect(s.hotkeys.isBusy).toBe(false);
  });

  test('bye() when no transfer runs → false; close() → keys ignored', () => {
    const s = setup();
    expect(s.hotkeys.bye('a')).toBe(false);
    s.hotkeys.close();
    s.key('a', '*51');
    expect(s.hotkeys.isBusy).toBe(false);
  });

  test('digit() when the media leg is neither a nor b → ignored', () => {
    const s = setup();
    s.key('room', '*51');
    expect(s.hotkeys.isBusy).toBe(false);
  });

  test('referred() when the caller REFERs to a number that leads nowhere → routed as the caller, 404 reported, no media hold', () => {
    const s = setup();
    const reports: number[] = [];
    const start = s.hotkeys.referred('a', '1099', (status) => reports.push(status));
    expect(start).toBeDefined();
    expect(reports).toEqual([]);
    start!();
    expect(s.routed).toEqual([['a', '1099']]);
    expect(reports).toEqual([404]);
    expect(s.media.operations.filter((op) => op.kind === 'play')).toHaveLength(0);
  });

  test('referred() from a side that is not an extension, or during a transfer → undefined', () => {
    const s = setup({ sides: ['b'] });
    expect(s.hotkeys.referred('a', '1002', () => undefined)).toBeUndefined();
    s.key('b', '*51');
    expect(s.hotkeys.referred('b', '1002', () => undefined)).toBeUndefined();
  });

  test("gateKeys() with gateDtmf → each extension side gated with the team's enabled codes (D44)", () => {
    const s = setup({ sides: ['b'], isGated: true });
    s.hotkeys.gateKeys();
    expect(s.gates).toEqual(['call-1/b:*51,*52,*55']);
    expect(s.codeReads()).toBe(1);
  });

  test('gateKeys() without gateDtmf, or when the team has no hotkeys → no gate, codes not read early', () => {
    const plain = setup();
    plain.hotkeys.gateKeys();
    expect(plain.codeReads()).toBe(0);
    const none = setup({ isGated: true, codes: [] });
    none.hotkeys.gateKeys();
    expect(none.gates).toEqual([]);
  });

  test('digit() of a transfer that hands the call to an application → hotkeys retire and the gates are lifted', () => {
    const s = setup({ sides: ['a'], isGated: true, toApp: true });
    s.hotkeys.gateKeys();
    s.key('a', '*51');
    s.key('a', '500#');
    expect(s.gates).toEqual(['call-1/a:*51,*52,*55', 'call-1/a:']);
  });
});
