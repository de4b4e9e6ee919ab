import { describe, expect, test } from 'vitest';
import { TypedEmitter } from '../events.ts';
import type { CallLegEvents, MediaControlEvents } from './index.ts';

describe('core/ports event maps', () => {
  test('TypedEmitter<MediaControlEvents> when a dtmf event is emitted → the listener gets the typed notification', () => {
    const emitter = new TypedEmitter<MediaControlEvents>();
    const seen: string[] = [];
    emitter.on('dtmf', (n) => seen.push(`${n.ref.legId}:${n.digit}:${n.source}`));
    emitter.safeEmit('dtmf', {
      ref: { callId: 'c', legId: 'a' },
      digit: '5',
      durationMs: 100,
      source: 'rfc4733',
    });
    expect(seen).toEqual(['a:5:rfc4733']);
  });

  test('TypedEmitter<CallLegEvents> when state and hangup are emitted → listeners get the tuples', () => {
    const emitter = new TypedEmitter<CallLegEvents>();
    const seen: unknown[] = [];
    emitter.on('state', (state, previous) => seen.push([state, previous]));
    emitter.on('hangup', (cause) => seen.push(cause.q850));
    emitter.safeEmit('state', 'terminated', 'confirmed');
    emitter.safeEmit('hangup', { reason: 'normal', q850: 16, sipStatus: 200 });
    expect(seen).toEqual([['terminated', 'confirmed'], 16]);
  });
});
