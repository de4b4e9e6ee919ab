import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { SecretBox, SecretDecryptError } from './secret-box.ts';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  test('encrypt()/decrypt() when the purpose matches → round-trips, with a fresh IV each time', () => {
    const a = box.encrypt('pässwörd;[]', 'extension.sip-secret');
    const b = box.encrypt('pässwörd;[]', 'extension.sip-secret');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^gcm1\$/);
    expect(a).not.toContain('pässwörd');
    expect(box.decrypt(a, 'extension.sip-secret')).toBe('pässwörd;[]');
    expect(box.decrypt(box.encrypt('', 'p'), 'p')).toBe('');
  });

  test.each([
    ['another purpose', (s: string) => s, 'trunk.sip-secret'],
    [
      'a flipped ciphertext byte',
      // Flip a bit of the first ciphertext byte (editing a base64 character
      // can touch only padding bits, which decode to the same bytes).
      (s: string) => {
        const parts = s.split('$');
        const body = Buffer.from(parts[3]!, 'base64url');
        body[0]! ^= 0x01;
        parts[3] = body.toString('base64url');
        return parts.join('$');
      },
      'p',
    ],
    ['a missing field', (s: string) => s.split('$').slice(0, 3).join('$'), 'p'],
    ['another format', (s: string) => s.replace('gcm1', 'gcm9'), 'p'],
  ])('decrypt() when given %s → SecretDecryptError', (_name, mangle, purpose) => {
    const stored = box.encrypt('some secret value', 'p');
    expect(() => box.decrypt(mangle(stored), purpose)).toThrow(SecretDecryptError);
  });

  test('decrypt() when the key differs → SecretDecryptError with code ERR_SECRET_DECRYPT', () => {
    const stored = box.encrypt('x', 'p');
    const other = new SecretBox(randomBytes(32));
    expect(() => other.decrypt(stored, 'p')).toThrow(
      expect.objectContaining({ code: 'ERR_SECRET_DECRYPT' }),
    );
  });

  test('new SecretBox() when the key is not 32 bytes → ConfigError', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
  });
});
