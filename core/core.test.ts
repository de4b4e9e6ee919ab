import { describe, expect, test } from 'vitest';
import { Writable } from 'node:stream';
import {
  FakeClock,
  Lifecycle,
  TypedEmitter,
  createLogger,
  err,
  ok,
  parseError,
  randomPassword,
  randomToken,
  ConfigError,
} from './index.ts';

describe('FakeClock', () => {
  test('FakeClock.tick() when timers are due → fires them in due order', () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('a'), 100);
    clock.setTimeout(() => fired.push('a2'), 100);
    clock.tick(150);
    expect(fired).toEqual(['a', 'a2']);
    clock.tick(50);
    expect(fired).toEqual(['a', 'a2', 'b']);
    expect(clock.pendingCount).toBe(0);
  });

  test('FakeClock.setInterval() when ticked past several periods → fires each period', () => {
    const clock = new FakeClock();
    let count = 0;
    const h = clock.setInterval(() => count++, 20);
    clock.tick(100);
    expect(count).toBe(5);
    clock.clearInterval(h);
    clock.tick(100);
    expect(count).toBe(5);
  });

  test('FakeClock.now() when ticked → moves wall and monotonic time together', () => {
    const clock = new FakeClock(1000);
    clock.tick(500);
    expect(clock.now()).toBe(1500);
    expect(clock.monotonicMs()).toBe(500);
  });

  test('FakeClock.clearTimeout() when cleared before due → never fires', () => {
    const clock = new FakeClock();
    let fired = false;
    const h = clock.setTimeout(() => (fired = true), 10);
    clock.clearTimeout(h);
    clock.runAll();
    expect(fired).toBe(false);
  });
});

describe('Result', () => {
  test('ok()/err()/parseError() → discriminated union', () => {
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(err('x')).toEqual({ ok: false, error: 'x' });
    expect(parseError('ERR_X', 4, 'bad')).toEqual({
      ok: false,
      error: { code: 'ERR_X', offset: 4, detail: 'bad' },
    });
  });
});

describe('TypedEmitter', () => {
  test('safeEmit() when a listener throws → the others still run and it reports', () => {
    const em = new TypedEmitter<{ ev: [number]; listenererror: [string, unknown] }>();
    const seen: number[] = [];
    const errors: unknown[] = [];
    em.on('ev', () => {
      throw new Error('boom');
    });
    em.on('ev', (n) => seen.push(n));
    em.on('listenererror', (_e, e) => errors.push(e));
    expect(em.safeEmit('ev', 7)).toBe(false);
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });
});

describe('Lifecycle', () => {
  test('Lifecycle.stop() when called twice → runs teardown once and stops children first', async () => {
    const order: string[] = [];
    const child = new Lifecycle({ onStop: async () => void order.push('child') });
    const parent = new Lifecycle({ onStop: async () => void order.push('parent') });
    parent.adopt(child);
    await parent.start();
    expect(parent.isRunning).toBe(true);
    await Promise.all([parent.stop(), parent.stop()]);
    expect(order).toEqual(['child', 'parent']);
    expect(parent.state).toBe('stopped');
  });

  test('Lifecycle.start() when already started → runs the start hook once', async () => {
    let starts = 0;
    const lc = new Lifecycle({ onStart: async () => void starts++ });
    await Promise.all([lc.start(), lc.start()]);
    expect(starts).toBe(1);
    await expect(
      (async () => {
        await lc.stop();
        await lc.start();
      })(),
    ).rejects.toThrow(/after stop/);
  });
});

describe('logger', () => {
  test('createLogger() when a record holds a password → writes it redacted', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info({ user: { password: 'hunter2', sipPassword: 's3cret' } }, 'hello');
    expect(lines.join('')).not.toContain('hunter2');
    expect(lines.join('')).not.toContain('s3cret');
    expect(lines.join('')).toContain('[redacted]');
  });
});

describe('ids', () => {
  test('randomToken()/randomPassword() → right length and alphabet', () => {
    expect(randomToken(12)).toMatch(/^[a-z0-9]{12}$/);
    expect(randomPassword(20)).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(randomPassword()).not.toBe(randomPassword());
  });
});

describe('errors', () => {
  test('ConfigError → carries code, field and value', () => {
    const e = new ConfigError('sipPort', 70000, 'too big');
    expect(e.code).toBe('ERR_CONFIG_INVALID');
    expect(e.field).toBe('sipPort');
    expect(e.name).toBe('ConfigError');
  });
});
