import { describe, expect, test } from 'vitest';
import { ok } from '../../core/index.ts';
import type {
  CallLeg,
  OriginateRequest,
  RouteDecision,
  RouteRequest,
  TrunkTarget,
} from '../../core/index.ts';
import { withExternalExtensions } from './external-extension-originator.ts';
import type { RoutableExtension } from './internal-number-router.ts';

const extension = (over: Partial<RoutableExtension>): RoutableExtension => ({
  id: 5,
  teamId: 1,
  internalNumber: '1050',
  status: 'enabled',
  dnd: false,
  ringTimeoutSec: 30,
  ...over,
});

const trunk = { trunkId: 3, number: '5557777' } as TrunkTarget;

function setup(ext: RoutableExtension, decision: RouteDecision) {
  const placed: OriginateRequest[] = [];
  const routed: RouteRequest[] = [];
  const originator = withExternalExtensions(
    { originate: (request) => (placed.push(request), ok({} as CallLeg)) },
    {
      router: { route: (request) => (routed.push(request), decision) },
      directory: {
        internalNumbers: { lookup: () => undefined },
        extensions: { find: (id) => (id === ext.id ? ext : undefined) },
      },
    },
  );
  const request: OriginateRequest = {
    teamId: 1,
    target: {
      kind: 'extension',
      extension: { teamId: 1, extensionId: ext.id, number: ext.internalNumber, ringTimeoutMs: 1 },
    },
    caller: { uri: 'sip:1000@demo.local', number: '1000' },
    ringTimeoutMs: 20_000,
  };
  return { originator, request, placed, routed };
}

describe('withExternalExtensions().originate()', () => {
  test('EXT-15 originate() when the member is external → its number routed as itself, trunks placed', () => {
    const ext = extension({ deviceType: 'external', externalNumber: '95557777' });
    const s = setup(ext, { kind: 'trunks', targets: [trunk] });
    expect(s.originator.originate(s.request).ok).toBe(true);
    expect(s.routed).toEqual([
      { teamId: 1, callerExtensionId: 5, callerNumber: '1000', dialled: '95557777' },
    ]);
    expect(s.placed[0]?.target).toEqual({ kind: 'trunks', trunks: [trunk] });
  });

  test('EXT-15 originate() when the member is a SIP extension → passed through unchanged', () => {
    const s = setup(extension({ deviceType: 'SIP' }), { kind: 'not-found' });
    s.originator.originate(s.request);
    expect(s.routed).toEqual([]);
    expect(s.placed).toEqual([s.request]);
  });

  test('EXT-15 originate() when the external number routes nowhere (or TM-7 forbids) → refused, nothing placed', () => {
    const ext = extension({ deviceType: 'external', externalNumber: '95557777' });
    const s = setup(ext, { kind: 'forbidden' });
    const result = s.originator.originate(s.request);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('ERR_CALL_LEG_REJECTED');
    expect(s.placed).toEqual([]);
  });
});
