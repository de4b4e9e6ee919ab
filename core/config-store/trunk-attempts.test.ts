import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTempStore, type TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

function ipPeer(extra: { consecutiveFailDisable?: number; sipHeaders?: string } = {}) {
  return temp.store.trunks.create({
    teamId: null,
    name: 'carrier',
    type: 'ipPeer',
    host: '192.0.2.10',
    ...extra,
  });
}

describe('TrunksRepository TRK-11 sipHeaders', () => {
  test('TRK-11 create() with sipHeaders → stored; sipHeadersOf() returns the pairs', () => {
    const trunk = ipPeer({ sipHeaders: 'X-Account: 42\nP-Charge-Info: <sip:1@x>' });
    expect(trunk.sipHeaders).toBe('X-Account: 42\nP-Charge-Info: <sip:1@x>');
    expect(temp.store.trunks.sipHeadersOf(trunk.id)).toEqual([
      ['X-Account', '42'],
      ['P-Charge-Info', '<sip:1@x>'],
    ]);
  });

  test('TRK-11 update() with a header the switch owns → ERR_VALIDATION on sipHeaders naming the line, unchanged', () => {
    const trunk = ipPeer({ sipHeaders: 'X-A: 1' });
    expect(() =>
      temp.store.trunks.update(trunk.id, { sipHeaders: 'X-B: 2\nContact: <sip:x>' }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_VALIDATION',
        field: 'sipHeaders',
        message: expect.stringContaining('line 2'),
      }),
    );
    expect(temp.store.trunks.sipHeadersOf(trunk.id)).toEqual([['X-A', '1']]);
  });

  test('TRK-11 sipHeadersOf() when the trunk is unknown → none', () => {
    expect(temp.store.trunks.sipHeadersOf(999)).toEqual([]);
  });
});

describe('TrunksRepository TRK-13 consecutiveFailDisable', () => {
  test('TRK-13 recordAttempt() when failures reach the limit → disabled, one system operation log row', () => {
    const trunk = ipPeer({ consecutiveFailDisable: 2 });
    expect(temp.store.trunks.recordAttempt(trunk.id, 'failed')).toEqual({
      consecutiveFailures: 1,
      isDisabledNow: false,
    });
    expect(temp.store.trunks.get(trunk.id).status).toBe('enabled');
    expect(temp.store.trunks.recordAttempt(trunk.id, 'failed')).toEqual({
      consecutiveFailures: 2,
      isDisabledNow: true,
    });
    expect(temp.store.trunks.get(trunk.id)).toMatchObject({
      status: 'disabled',
      consecutiveFailures: 2,
    });
    const logs = temp.store.operationLogs.list({ resource: 'trunks', limit: 10 });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      accountId: null,
      username: 'system',
      action: 'update',
      objectId: String(trunk.id),
      detail: { status: 'disabled', consecutiveFailures: 2 },
    });
    // A third failure of a disabled trunk logs nothing more.
    expect(temp.store.trunks.recordAttempt(trunk.id, 'failed').isDisabledNow).toBe(false);
    expect(temp.store.operationLogs.list({ resource: 'trunks', limit: 10 })).toHaveLength(1);
  });

  test('TRK-13 recordAttempt() when a reached attempt comes between failures → the count starts again', () => {
    const trunk = ipPeer({ consecutiveFailDisable: 2 });
    temp.store.trunks.recordAttempt(trunk.id, 'failed');
    expect(temp.store.trunks.recordAttempt(trunk.id, 'reached').consecutiveFailures).toBe(0);
    expect(temp.store.trunks.recordAttempt(trunk.id, 'failed')).toEqual({
      consecutiveFailures: 1,
      isDisabledNow: false,
    });
    expect(temp.store.trunks.get(trunk.id).status).toBe('enabled');
  });

  test('TRK-13 recordAttempt() when consecutiveFailDisable is 0 → counts but never disables', () => {
    const trunk = ipPeer();
    for (let i = 0; i < 5; i++) temp.store.trunks.recordAttempt(trunk.id, 'failed');
    expect(temp.store.trunks.get(trunk.id)).toMatchObject({
      status: 'enabled',
      consecutiveFailures: 5,
    });
  });

  test('TRK-13 update() to enabled after an auto-disable → enabled with the count reset', () => {
    const trunk = ipPeer({ consecutiveFailDisable: 1 });
    temp.store.trunks.recordAttempt(trunk.id, 'failed');
    const enabled = temp.store.trunks.update(trunk.id, { status: 'enabled' });
    expect(enabled).toMatchObject({ status: 'enabled', consecutiveFailures: 0 });
    expect(temp.store.trunks.recordAttempt(trunk.id, 'failed').isDisabledNow).toBe(true);
  });

  test('TRK-13 create() when consecutiveFailDisable is negative → ERR_VALIDATION', () => {
    expect(() => ipPeer({ consecutiveFailDisable: -1 })).toThrow(
      expect.objectContaining({ field: 'consecutiveFailDisable' }),
    );
  });
});
