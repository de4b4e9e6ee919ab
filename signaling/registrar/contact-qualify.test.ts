import { describe, expect, test } from 'vitest';
import { FakeClock, TypedEmitter, silentLogger } from '../../core/index.ts';
import { createResponse, type SipRequest } from '../message/index.ts';
import type { ClientTransaction, ClientTransactionEvents } from '../transaction/index.ts';
import { staticBinding, type Binding } from './binding.ts';
import { ContactQualify, type ContactQualifySettings } from './contact-qualify.ts';

const binding = (contact = 'sip:1001@192.0.2.30:5062'): Binding => ({
  aor: '1/1001',
  teamId: 1,
  extensionId: 11,
  number: '1001',
  contactUri: contact,
  q: 1,
  expiresAtMs: 3_600_000,
  callId: 'c',
  cseq: 1,
  protocol: 'udp',
  sourceAddress: '192.0.2.30',
  sourcePort: 5062,
  connectionId: undefined,
  isBehindNat: false,
  userAgent: 'test',
  instanceId: undefined,
  registeredAtMs: 0,
});

/**
 * A phone over a fake transaction layer: it answers each OPTIONS after
 * `delayMs` of the fake clock, or never while `isDown`.
 */
function phone(clock: FakeClock, settings: ContactQualifySettings | undefined) {
  const sent: Array<{ request: SipRequest; address: string }> = [];
  const state = { isDown: false, delayMs: 9, settings, fixed: [] as readonly Binding[] };
  const transactions = {
    sendRequest(request: SipRequest, destination: { address: string }): ClientTransaction {
      sent.push({ request, address: destination.address });
      const tx = new TypedEmitter<ClientTransactionEvents>();
      if (!state.isDown) {
        clock.setTimeout(
          () => tx.safeEmit('response', createResponse(request, 200)),
          state.delayMs,
        );
      }
      return tx as unknown as ClientTransaction;
    },
  };
  const qualify = new ContactQualify({
    clock,
    logger: silentLogger(),
    transactions,
    viaSource: () => ({ transport: 'UDP', host: '192.0.2.1', port: 5060 }),
    settingsOf: () => state.settings,
    fixedBindings: () => state.fixed,
  });
  return { sent, state, qualify };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
async function advance(clock: FakeClock, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 1000) {
    clock.tick(Math.min(1000, left));
    await flush();
  }
}

const YES = { maxMs: 2000, intervalMs: 60_000 };

describe('ContactQualify (T-2, D86)', () => {
  test('a new contact → unknown, first OPTIONS one interval later; an answer → ok with its round trip', async () => {
    const clock = new FakeClock();
    const { sent, qualify } = phone(clock, YES);
    qualify.start([]);
    const b = binding();
    qualify.registered(b);
    expect(qualify.status(b)).toMatchObject({ state: 'unknown' });
    await advance(clock, 59_000);
    expect(sent).toHaveLength(0);
    await advance(clock, 1000);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.request.method).toBe('OPTIONS');
    expect(sent[0]!.request.requestUri).toBe('sip:1001@192.0.2.30:5062');
    expect(sent[0]!.address).toBe('192.0.2.30');
    await advance(clock, 1000);
    expect(qualify.status(b)).toMatchObject({ state: 'ok', rttMs: 9 });
    expect(qualify.isUnreachable(b)).toBe(false);
    qualify.stop();
  });

  test('no answer within 2 × maxMs → unreachable, asked every 10 s; an answer → ok again', async () => {
    const clock = new FakeClock();
    const { sent, state, qualify } = phone(clock, { maxMs: 500, intervalMs: 30_000 });
    const b = binding();
    qualify.start([b]);
    state.isDown = true;
    await advance(clock, 2000);
    expect(qualify.status(b)).toMatchObject({ state: 'unreachable', rttMs: undefined });
    expect(qualify.isUnreachable(b)).toBe(true);
    expect(qualify.unreachableCount).toBe(1);
    const asked = sent.length;
    await advance(clock, 10_000);
    expect(sent.length).toBe(asked + 1);
    state.isDown = false;
    await advance(clock, 12_000);
    expect(qualify.status(b)).toMatchObject({ state: 'ok' });
    expect(qualify.unreachableCount).toBe(0);
    qualify.stop();
  });

  test('a REGISTER from an unreachable contact → asked again at once', async () => {
    const clock = new FakeClock();
    const { sent, state, qualify } = phone(clock, { maxMs: 500, intervalMs: 60_000 });
    const b = binding();
    qualify.start([b]);
    state.isDown = true;
    await advance(clock, 2000);
    expect(qualify.isUnreachable(b)).toBe(true);
    state.isDown = false;
    const asked = sent.length;
    qualify.registered(b);
    await advance(clock, 2000);
    expect(sent.length).toBe(asked + 1);
    expect(qualify.isUnreachable(b)).toBe(false);
    qualify.stop();
  });

  test('not qualified (qualify=no) → no OPTIONS, no status; qualify turned on → asked; an unregistered contact is forgotten', async () => {
    const clock = new FakeClock();
    const { sent, state, qualify } = phone(clock, undefined);
    const b = binding();
    qualify.start([b]);
    await advance(clock, 120_000);
    expect(sent).toHaveLength(0);
    expect(qualify.status(b)).toBeUndefined();
    const fresh = binding('sip:1001@192.0.2.31:5062');
    qualify.registered(fresh);
    expect(qualify.status(fresh)).toBeUndefined();
    state.settings = YES;
    qualify.unregistered(b);
    await advance(clock, 120_000);
    expect(sent.map((s) => s.request.requestUri)).toEqual(['sip:1001@192.0.2.31:5062']);
    qualify.stop();
  });

  test('D95 a fixed address → asked within 5 s of the config naming it; no answer → unreachable, however its binding is rebuilt; gone from the config → forgotten', async () => {
    const clock = new FakeClock();
    const { sent, state, qualify } = phone(clock, { maxMs: 500, intervalMs: 30_000 });
    const desk = { extensionId: 11, user: 'desk', address: '192.0.2.40', port: 5062 };
    const fixed = () => staticBinding(1, '1001', { ...desk, protocol: 'udp' });
    qualify.start([]);
    state.fixed = [fixed()];
    expect(qualify.status(fixed())).toBeUndefined();
    await advance(clock, 5000);
    expect(sent.map((s) => [s.request.requestUri, s.address])).toEqual([
      ['sip:desk@192.0.2.40:5062', '192.0.2.40'],
    ]);
    expect(qualify.status(fixed())).toMatchObject({ state: 'ok', rttMs: 9 });
    state.isDown = true;
    await advance(clock, 31_000);
    expect(qualify.isUnreachable(fixed())).toBe(true);
    expect(qualify.unreachableCount).toBe(1);
    // A registration with the same Contact URI is its own entry.
    const registered = { ...binding('sip:desk@192.0.2.40:5062'), aor: fixed().aor };
    qualify.registered(registered);
    qualify.unregistered(registered);
    expect(qualify.isUnreachable(fixed())).toBe(true);
    state.fixed = [];
    await advance(clock, 1000);
    expect(qualify.status(fixed())).toBeUndefined();
    expect(qualify.unreachableCount).toBe(0);
    const asked = sent.length;
    await advance(clock, 60_000);
    expect(sent.length).toBe(asked);
    qualify.stop();
  });

  test('a config change that asks sooner (a shorter qualifyfreq, qualify turned on) → applied at once, not after the old wait', async () => {
    const clock = new FakeClock();
    const { sent, state, qualify } = phone(clock, YES);
    const desk = { extensionId: 11, user: 'desk', address: '192.0.2.40', port: 5062 };
    qualify.start([]);
    state.fixed = [staticBinding(1, '1001', { ...desk, protocol: 'udp' })];
    await advance(clock, 5000);
    expect(sent).toHaveLength(1);
    // qualifyfreq 60 → 2: asked 2 s after the last answer, not 60 s.
    state.settings = { maxMs: 500, intervalMs: 2000 };
    state.fixed = [staticBinding(1, '1001', { ...desk, protocol: 'udp' })];
    await advance(clock, 3000);
    expect(sent).toHaveLength(2);
    await advance(clock, 2000);
    expect(sent).toHaveLength(3);
    // A registered contact not qualified, then qualify turned on by a config change.
    state.settings = undefined;
    const b = binding();
    qualify.registered(b);
    expect(qualify.status(b)).toBeUndefined();
    state.settings = YES;
    state.fixed = [...state.fixed];
    await advance(clock, 1000);
    expect(sent.map((m) => m.request.requestUri)).toContain('sip:1001@192.0.2.30:5062');
    qualify.stop();
  });
});
