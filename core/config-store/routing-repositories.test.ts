import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { STORE_FILE } from './open-store.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

describe('TrunksRepository', () => {
  test('create() when the trunk has a secret → getSecret() returns it, listings and the db file do not', () => {
    const secret = 'TrunkSecretThatMustNotLeak';
    const trunk = temp.store.trunks.create({
      teamId: null,
      name: 'itsp',
      type: 'registration',
      host: 'sip.carrier.test',
      username: 'acct1',
      secret,
    });
    expect(trunk.register).toBe(true);
    expect(trunk.codecs).toEqual(['PCMU', 'PCMA']);
    expect(temp.store.trunks.getSecret(trunk.id)).toBe(secret);
    expect(JSON.stringify(temp.store.trunks.list())).not.toContain(secret);
    for (const f of [STORE_FILE, `${STORE_FILE}-wal`].map((n) => join(temp.dataDir, n))) {
      if (existsSync(f)) expect(readFileSync(f).includes(secret)).toBe(false);
    }
  });

  test('create() when the name is taken → ERR_DUPLICATE whose message carries no bound values', () => {
    const input = {
      teamId: null,
      name: 'dup',
      type: 'registration' as const,
      host: 'h',
      username: 'u',
      secret: 'dup-secret-1',
    };
    temp.store.trunks.create(input);
    let caught: unknown;
    try {
      temp.store.trunks.create(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'ERR_DUPLICATE' });
    const text = `${String(caught)} ${String((caught as Error).cause)}`;
    expect(text).toContain('trunks.name');
    expect(text).not.toContain('gcm1$');
  });

  test('create() when a registration trunk lacks credentials → ERR_VALIDATION', () => {
    expect(() =>
      temp.store.trunks.create({ teamId: null, name: 'x', type: 'registration', host: 'h' }),
    ).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION' }));
  });

  test('list(teamId) → the team’s own trunks and the system-wide ones only (TRK-1)', () => {
    const a = seedTeam(temp.store, 'acme');
    const b = seedTeam(temp.store, 'globex');
    temp.store.trunks.create({ teamId: null, name: 'shared', type: 'ipPeer', host: 'h1' });
    temp.store.trunks.create({ teamId: a.team.id, name: 'mine', type: 'ipPeer', host: 'h2' });
    temp.store.trunks.create({ teamId: b.team.id, name: 'theirs', type: 'ipPeer', host: 'h3' });
    expect(temp.store.trunks.list(a.team.id).map((t) => t.name)).toEqual(['shared', 'mine']);
  });
});

describe('OutboundRoutesRepository', () => {
  test('findCandidates() → longest prefix first, length filter, then priority (OR-2)', () => {
    const { team } = seedTeam(temp.store, 'acme');
    const trunk = temp.store.trunks.create({
      teamId: team.id,
      name: 't',
      type: 'ipPeer',
      host: 'h',
    });
    const base = { teamId: team.id, trunkId: trunk.id };
    temp.store.outboundRoutes.create({ ...base, name: 'any', numberPrefix: '' });
    temp.store.outboundRoutes.create({ ...base, name: 'nine', numberPrefix: '9', stripDigits: 1 });
    temp.store.outboundRoutes.create({ ...base, name: 'ninezero', numberPrefix: '90' });
    temp.store.outboundRoutes.create({ ...base, name: 'nine-b', numberPrefix: '9', priority: 5 });
    temp.store.outboundRoutes.create({
      ...base,
      name: 'nine-len4',
      numberPrefix: '9',
      numberLength: 4,
    });
    const names = (n: string) =>
      temp.store.outboundRoutes.findCandidates(team.id, n).map((r) => r.name);
    expect(names('9012345')).toEqual(['ninezero', 'nine', 'nine-b', 'any']);
    expect(names('9123')).toEqual(['nine', 'nine-len4', 'nine-b', 'any']);
    expect(names('5551234')).toEqual(['any']);
  });

  test('create() when the trunk belongs to another team → ERR_VALIDATION (TRK-1)', () => {
    const a = seedTeam(temp.store, 'acme');
    const b = seedTeam(temp.store, 'globex');
    const trunk = temp.store.trunks.create({
      teamId: b.team.id,
      name: 't',
      type: 'ipPeer',
      host: 'h',
    });
    expect(() =>
      temp.store.outboundRoutes.create({ teamId: a.team.id, name: 'r', trunkId: trunk.id }),
    ).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION' }));
  });

  test('trunks.delete() when a route uses the trunk → ERR_REFERENCE', () => {
    const { team } = seedTeam(temp.store, 'acme');
    const trunk = temp.store.trunks.create({
      teamId: team.id,
      name: 't',
      type: 'ipPeer',
      host: 'h',
    });
    temp.store.outboundRoutes.create({ teamId: team.id, name: 'r', trunkId: trunk.id });
    expect(() => temp.store.trunks.delete(trunk.id)).toThrow(
      expect.objectContaining({ code: 'ERR_REFERENCE' }),
    );
  });
});

describe('DidsRepository', () => {
  test('create() when the number is used by another team → ERR_DID_TAKEN (DID-5)', () => {
    const a = seedTeam(temp.store, 'acme');
    const b = seedTeam(temp.store, 'globex');
    const extA = temp.store.extensions.create({
      teamId: a.team.id,
      accountId: a.account.id,
      internalNumber: '1',
    });
    const extB = temp.store.extensions.create({
      teamId: b.team.id,
      accountId: b.account.id,
      internalNumber: '1',
    });
    temp.store.dids.create({
      teamId: a.team.id,
      number: '+15550100',
      destinationType: 'extension',
      destinationId: extA.id,
    });
    expect(() =>
      temp.store.dids.create({
        teamId: b.team.id,
        number: '+15550100',
        destinationType: 'extension',
        destinationId: extB.id,
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_DID_TAKEN' }));
    expect(temp.store.dids.findByNumber('+15550100')?.teamId).toBe(a.team.id);
  });

  test('create() when the extension is of another team → ERR_VALIDATION', () => {
    const a = seedTeam(temp.store, 'acme');
    const b = seedTeam(temp.store, 'globex');
    const extB = temp.store.extensions.create({
      teamId: b.team.id,
      accountId: b.account.id,
      internalNumber: '1',
    });
    expect(() =>
      temp.store.dids.create({
        teamId: a.team.id,
        number: '5550101',
        destinationType: 'extension',
        destinationId: extB.id,
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION', field: 'destinationId' }));
  });
});
