import { describe, expect, test } from 'vitest';
import { hashPassword, hashPasswordSync, isPasswordHash, verifyPassword } from './password-hash.ts';

describe('password hashing', () => {
  test('hashPassword() then verifyPassword() → accepts the password and rejects others', async () => {
    const stored = await hashPassword('s3cret-Passw0rd');
    expect(stored).toMatch(/^scrypt\$15\$8\$3\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain('s3cret');
    expect(await verifyPassword('s3cret-Passw0rd', stored)).toBe(true);
    expect(await verifyPassword('s3cret-passw0rd', stored)).toBe(false);
    expect(isPasswordHash(stored)).toBe(true);
  });

  test('hashPasswordSync() when hashed twice → different salts, both verify', async () => {
    const a = hashPasswordSync('same');
    const b = hashPasswordSync('same');
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  test.each([
    ['plain text', 'hunter2'],
    ['another scheme', 'bcrypt$10$abc'],
    ['a huge cost', 'scrypt$30$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'],
    ['a short salt', 'scrypt$15$8$3$YQ$aGFzaGhhc2hoYXNoaGFzaA'],
  ])(
    'verifyPassword() when the stored value is %s → false, without throwing',
    async (_n, stored) => {
      expect(isPasswordHash(stored)).toBe(false);
      expect(await verifyPassword('hunter2', stored)).toBe(false);
    },
  );

  test('hashPassword() when the password is empty → ValidationError', async () => {
    await expect(hashPassword('')).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });
});
