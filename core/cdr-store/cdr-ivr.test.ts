import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openCdrStore } from './open-cdr-store.ts';
import { startedCdr } from './test-cdr.ts';

const row = startedCdr({
  callType: 'inbound',
  callerNumber: '5551234',
  calledNumber: '5550100',
  did: '5550100',
});

describe('CdrStore.addIvr() (CDR-6)', () => {
  test('CDR-6 addIvr() when a call meets no IVR → ivrInput and ivrDurationMs stay null', () => {
    const store = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-ivr-')));
    store.insert(row);
    expect(store.get('c1')).toMatchObject({ ivrInput: null, ivrDurationMs: null });
    store.close();
  });

  test('CDR-6 addIvr() when a call passes two IVRs (keys 1, none, then 23) → "1,23" and the summed duration', () => {
    const store = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-ivr-')));
    store.insert(row);
    expect(store.addIvr('c1', '1', 4200)).toBe(true);
    expect(store.addIvr('c1', '', 1000)).toBe(true);
    expect(store.addIvr('c1', '23', 800)).toBe(true);
    expect(store.get('c1')).toMatchObject({ ivrInput: '1,23', ivrDurationMs: 6000 });
    store.close();
  });

  test('CDR-6 addIvr() when the IVR ran but no key was pressed → "" and its duration; unknown call → false', () => {
    const store = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-ivr-')));
    store.insert(row);
    store.addIvr('c1', '', 3000);
    expect(store.get('c1')).toMatchObject({ ivrInput: '', ivrDurationMs: 3000 });
    expect(store.addIvr('nope', '1', 1)).toBe(false);
    store.close();
  });
});
