import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { storeTrunkAttempts } from './app-trunks.ts';
import { createLogger, FakeClock } from './core/index.ts';
import { openStore, type ConfigStore } from './core/config-store/index.ts';

let dataDir: string;
let store: ConfigStore;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-trunks-'));
  store = openStore({ dataDir, clock: new FakeClock() });
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('storeTrunkAttempts()', () => {
  test('TRK-13 record() when the limit is reached → one warn line naming the trunk; TRK-11 headersFor() reads the store', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const trunk = store.trunks.create({
      teamId: null,
      name: 'carrier',
      type: 'ipPeer',
      host: '192.0.2.1',
      consecutiveFailDisable: 1,
      sipHeaders: 'X-Tenant: 7',
    });
    const attempts = storeTrunkAttempts(store, logger);
    expect(attempts.headersFor(trunk.id)).toEqual([['X-Tenant', '7']]);
    attempts.record(trunk.id, 'failed');
    attempts.record(trunk.id, 'failed');
    expect(store.trunks.get(trunk.id).status).toBe('disabled');
    const warns = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({
      level: 40,
      trunkId: trunk.id,
      trunk: 'carrier',
      consecutiveFailures: 1,
    });
  });
});
