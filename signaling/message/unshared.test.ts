import { describe, expect, it } from 'vitest';
import { unshared } from './unshared.ts';

describe('unshared', () => {
  it('returns text equal to its input, for slices, concatenations and short strings', () => {
    const message = `BYE sip:1001@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-${'x'.repeat(40)}\r\n`;
    const branch = message.slice(message.indexOf('z9hG4bK'), message.lastIndexOf('\r\n'));
    const key = `${branch}\x00192.0.2.1:\x00BYE`;
    for (const text of [branch, key, '', 'a', 'BYE', 'Ωmega ☎ 電話', message]) {
      expect(unshared(text)).toBe(text);
      expect(unshared(text)).toHaveLength(text.length);
    }
  });

  it('keys a Map as its input does', () => {
    const map = new Map([[unshared('z9hG4bK-abc\x00host:5060\x00INVITE'), 1]]);
    expect(map.get('z9hG4bK-abc\x00host:5060\x00INVITE')).toBe(1);
  });
});
