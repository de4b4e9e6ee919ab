import { describe, expect, test } from 'vitest';
import { DidRouter, didPromptLanguage, type DidDirectory, type RoutableDid } from './did-router.ts';
import type { RoutableExtension } from './internal-number-router.ts';

const ext: RoutableExtension = {
  id: 7,
  teamId: 1,
  internalNumber: '1000',
  status: 'enabled',
  dnd: false,
  ringTimeoutSec: 20,
};

function directory(did: RoutableDid | undefined, extension = ext): DidDirectory {
  return {
    dids: { findByNumber: (n) => (n === '5550100' ? did : undefined) },
    extensions: { find: (id) => (id === extension.id ? extension : undefined) },
    teams: { find: (id) => (id === 1 ? { uid: 'demo', sipDomain: 'demo.local' } : undefined) },
  };
}

const did: RoutableDid = {
  teamId: 1,
  destinationType: 'extension',
  destinationId: 7,
  status: 'enabled',
};
const request = { trunkId: 3, trunkTeamId: undefined, dialled: '5550100' };

describe('DidRouter.route()', () => {
  test('route() when the DID points at an enabled extension → that extension in its team domain (DID-1)', () => {
    expect(new DidRouter(directory(did)).route(request)).toEqual({
      kind: 'extensions',
      teamId: 1,
      domain: 'demo.local',
      targets: [{ teamId: 1, extensionId: 7, number: '1000', ringTimeoutMs: 20_000 }],
    });
  });

  test.each([
    ['an unknown number', did, { ...request, dialled: '5550199' }],
    ['a disabled DID', { ...did, status: 'disabled' }, request],
    ['a trunk of another team', did, { ...request, trunkTeamId: 2 }],
  ])('route() when %s → not-found (DID-1)', (_, d, r) => {
    expect(new DidRouter(directory(d)).route(r)).toEqual({ kind: 'not-found' });
  });

  test('route() when the extension is on DND → unavailable (dnd)', () => {
    expect(new DidRouter(directory(did, { ...ext, dnd: true })).route(request)).toEqual({
      kind: 'unavailable',
      reason: 'dnd',
    });
  });

  test('route() when the DID has no destination → unavailable (not-routable)', () => {
    expect(new DidRouter(directory({ ...did, destinationId: null })).route(request)).toEqual({
      kind: 'unavailable',
      reason: 'not-routable',
    });
  });
});

describe('didPromptLanguage()', () => {
  const dids = {
    findByNumber: (n: string) =>
      n === '5550100'
        ? { ...did, language: 'fr' }
        : n === '5550200'
          ? { ...did, language: null }
          : undefined,
  };

  test('DID-2 didPromptLanguage() when the call came in on a DID with language fr → fr', () => {
    expect(didPromptLanguage(dids, { teamId: 1, dialled: '5550100' })).toBe('fr');
  });

  test.each([
    ['the DID has no language', { teamId: 1, dialled: '5550200' }],
    ['the number is no DID (an internal call)', { teamId: 1, dialled: '8001' }],
    ['the DID is another team’s', { teamId: 2, dialled: '5550100' }],
  ])('DID-2 didPromptLanguage() when %s → undefined (the system default)', (_, call) => {
    expect(didPromptLanguage(dids, call)).toBeUndefined();
  });
});
