import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { computeHa1 } from '../index.ts';
import { DEMO, provisionDemo } from './provision-demo.ts';
import { openTempStore } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

const demoTrunk = { host: '127.0.0.1', port: 5080 };

describe('provisionDemo()', () => {
  test('provisionDemo() when run twice → the same data and the same 101-line CSV', () => {
    const options = { dataDir: temp.dataDir, demoTrunk };
    expect(provisionDemo(temp.store, options)).toEqual({ created: true, users: 100 });
    const csvPath = join(temp.dataDir, DEMO.csvFile);
    const first = readFileSync(csvPath, 'utf8');
    expect(statSync(csvPath).mode & 0o777).toBe(0o600);

    const lines = first.split('\n');
    expect(first.endsWith('\n')).toBe(true);
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe('SEQUENTIAL');
    lines.slice(1).forEach((line, i) => {
      const n = 1000 + i;
      expect(line).toMatch(
        new RegExp(
          `^${n};demo\\.local;\\[authentication username=${n} password=[A-Za-z0-9]{20}\\]$`,
        ),
      );
    });

    temp.reopen();
    expect(provisionDemo(temp.store, options)).toEqual({ created: false, users: 100 });
    expect(readFileSync(csvPath, 'utf8')).toBe(first);
    const team = temp.store.teams.findByUid('demo')!;
    expect(temp.store.extensions.list(team.id)).toHaveLength(100);
    expect(temp.store.trunks.list()).toHaveLength(1);
    expect(temp.store.outboundRoutes.list(team.id)).toHaveLength(1);
    expect(temp.store.accounts.list(team.id)).toHaveLength(1);
  });

  test('provisionDemo() → trunk, 9-route, DID and credentials wired as specified', () => {
    provisionDemo(temp.store, { dataDir: temp.dataDir, demoTrunk });
    const team = temp.store.teams.findBySipDomain('demo.local')!;
    expect(team.uid).toBe('demo');
    const trunk = temp.store.trunks.findByName(team.id, 'carrier')!;
    expect(trunk).toMatchObject({ type: 'ipPeer', host: '127.0.0.1', port: 5080 });
    const [route] = temp.store.outboundRoutes.findCandidates(team.id, '95551234');
    expect(route).toMatchObject({ numberPrefix: '9', stripDigits: 1, trunkId: trunk.id });
    const did = temp.store.dids.findByNumber('5550100')!;
    expect(did.destinationId).toBe(temp.store.extensions.findByNumber(team.id, '1000')!.id);

    const line = readFileSync(join(temp.dataDir, DEMO.csvFile), 'utf8').split('\n')[1]!;
    const password = /password=(\w+)\]/.exec(line)![1]!;
    const creds = temp.store.extensions.findSipCredentialsByDomain('demo.local', '1000');
    expect(creds?.ha1Md5).toBe(computeHa1('MD5', '1000', 'demo.local', password));
  });

  test('provisionDemo() when an extension was deleted → recreates only it, other passwords kept', () => {
    const options = { dataDir: temp.dataDir, demoTrunk };
    provisionDemo(temp.store, options);
    const csvPath = join(temp.dataDir, DEMO.csvFile);
    const before = readFileSync(csvPath, 'utf8').split('\n');
    const team = temp.store.teams.findByUid('demo')!;
    temp.store.extensions.delete(temp.store.extensions.findByNumber(team.id, '1050')!.id);
    expect(provisionDemo(temp.store, options)).toEqual({ created: true, users: 100 });
    const after = readFileSync(csvPath, 'utf8').split('\n');
    expect(after).toHaveLength(before.length);
    expect(after[1]).toBe(before[1]);
    expect(after[51]).toMatch(/^1050;/);
    expect(after[51]).not.toBe(before[51]);
  });
});
