import { describe, expect, test } from 'vitest';
import { FakeClock } from '../../../core/index.ts';
import { DigestNonceCodec } from './digest-nonce.ts';

describe('DigestNonceCodec', () => {
  const secret = Buffer.alloc(32, 7);

  test('DigestNonceCodec.check() when fresh, then past its lifetime → valid, then expired', () => {
    const clock = new FakeClock();
    const codec = new DigestNonceCodec({ secret, lifetimeMs: 1000, clock });
    const nonce = codec.issue('r');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{72}$/);
    expect(codec.check(nonce, 'r')).toEqual({ status: 'valid', issuedAtMs: clock.now() });
    clock.tick(1001);
    expect(codec.check(nonce, 'r').status).toBe('expired');
  });

  test('DigestNonceCodec.check() when another worker shares the secret → valid there too', () => {
    const clock = new FakeClock();
    const a = new DigestNonceCodec({ secret, lifetimeMs: 1000, clock });
    const b = new DigestNonceCodec({ secret, lifetimeMs: 1000, clock });
    const other = new DigestNonceCodec({ secret: Buffer.alloc(32, 8), lifetimeMs: 1000, clock });
    const nonce = a.issue('r');
    expect(b.check(nonce, 'r').status).toBe('valid');
    expect(other.check(nonce, 'r').status).toBe('invalid');
  });

  test('DigestNonceCodec.check() when realm, bits or text are altered → invalid', () => {
    const clock = new FakeClock();
    const codec = new DigestNonceCodec({ secret, lifetimeMs: 1000, clock });
    const nonce = codec.issue('r');
    expect(codec.check(nonce, 'other').status).toBe('invalid');
    for (const at of [0, 20, 40, 71]) {
      const other = nonce[at] === 'A' ? 'B' : 'A';
      const altered = nonce.slice(0, at) + other + nonce.slice(at + 1);
      expect(codec.check(altered, 'r').status).toBe('invalid');
    }
    expect(codec.check(`${nonce}=`, 'r').status).toBe('invalid');
    expect(codec.check(`${nonce.slice(0, 71)}+`, 'r').status).toBe('invalid');
    expect(codec.check('', 'r').status).toBe('invalid');
  });

  test('DigestNonceCodec.check() when issued in the future beyond skew → invalid', () => {
    const clock = new FakeClock(10_000_000);
    const ahead = new DigestNonceCodec({
      secret,
      lifetimeMs: 1000,
      clock: new FakeClock(10_060_000),
    });
    const codec = new DigestNonceCodec({ secret, lifetimeMs: 1000, clock });
    expect(codec.check(ahead.issue('r'), 'r').status).toBe('invalid');
  });
});
