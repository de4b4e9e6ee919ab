import { describe, expect, it } from 'vitest';
import { DtmfGate, GATE_DIGIT_TIMEOUT_MS } from './dtmf-gate.ts';

/** Types `keys` 200 ms apart from `startMs`; the verdicts in order. */
function type(gate: DtmfGate, keys: string, startMs = 0) {
  return [...keys].map((k, i) => gate.keyDown(k, startMs + i * 200));
}

describe('DtmfGate', () => {
  it('keyDown() of a whole code → every key held, nothing released', () => {
    const gate = new DtmfGate(['##', '*2']);
    expect(type(gate, '*2')).toEqual([
      { isForwarded: false, released: '' },
      { isForwarded: false, released: '' },
    ]);
    expect(gate.held).toBe('');
  });

  it('keyDown() of a key that starts no code → forwarded as it is', () => {
    const gate = new DtmfGate(['##', '*2']);
    expect(type(gate, '15')).toEqual([
      { isForwarded: true, released: '' },
      { isForwarded: true, released: '' },
    ]);
  });

  it('keyDown() when the sequence breaks → held keys and the breaking key released in order', () => {
    const gate = new DtmfGate(['*21']);
    const [first, second, third] = type(gate, '*27');
    expect(first).toEqual({ isForwarded: false, released: '' });
    expect(second).toEqual({ isForwarded: false, released: '' });
    expect(third).toEqual({ isForwarded: false, released: '*27' });
    expect(gate.held).toBe('');
  });

  it('keyDown() of a key that breaks one code but starts it again (`**51`) → the first key released, the code held', () => {
    const gate = new DtmfGate(['*51']);
    const verdicts = type(gate, '**51');
    expect(verdicts.map((v) => v.released)).toEqual(['', '*', '', '']);
    expect(verdicts.every((v) => !v.isForwarded)).toBe(true);
  });

  it('expire() after the digit timeout → the held keys released once', () => {
    const gate = new DtmfGate(['*21']);
    type(gate, '*2');
    expect(gate.expire(200 + GATE_DIGIT_TIMEOUT_MS)).toBe('');
    expect(gate.expire(201 + GATE_DIGIT_TIMEOUT_MS)).toBe('*2');
    expect(gate.expire(5000)).toBe('');
  });

  it('keyDown() after a pause longer than the timeout → the old keys released, the new one judged alone', () => {
    const gate = new DtmfGate(['*21']);
    gate.keyDown('*', 0);
    expect(gate.keyDown('*', 2000)).toEqual({ isForwarded: false, released: '*' });
    expect(gate.held).toBe('*');
  });

  it("event() of one RFC 4733 event's packets → ruled once at the first, the rest share the fate", () => {
    const gate = new DtmfGate(['##']);
    // Event code 11 is #, 1 is the digit 1.
    expect(gate.event(160, 11, 0)).toEqual({ isForwarded: false, released: '' });
    expect(gate.event(160, 11, 50)).toEqual({ isForwarded: false, released: '' });
    expect(gate.event(800, 1, 300)).toEqual({ isForwarded: false, released: '#1' });
    expect(gate.event(800, 1, 350)).toEqual({ isForwarded: false, released: '' });
    expect(gate.event(1600, 1, 600)).toEqual({ isForwarded: true, released: '', key: '1' });
    // The key is named on its first packet only.
    expect(gate.event(1600, 1, 650)).toEqual({ isForwarded: true, released: '' });
  });

  it('event() of an unknown event code → forwarded untouched', () => {
    expect(new DtmfGate(['##']).event(0, 99, 0)).toEqual({ isForwarded: true, released: '' });
  });

  it('DtmfGate with lower-case codes → matched as the keys are typed', () => {
    const gate = new DtmfGate(['*a']);
    expect(type(gate, '*A').every((v) => !v.isForwarded && v.released === '')).toBe(true);
  });
});
