import { describe, expect, test } from 'vitest';
import { denyAllHosts, parseHostRestriction } from './host-restriction.ts';

describe('parseHostRestriction() (EXT-2, D40)', () => {
  test.each([
    ['192.0.2.10', '192.0.2.10', true],
    ['192.0.2.10', '192.0.2.11', false],
    ['198.51.100.0/24', '198.51.100.77', true],
    ['198.51.100.0/24', '198.51.101.1', false],
    ['192.0.2.10, 2001:db8::/32', '2001:db8:1::5', true],
    ['192.0.2.10 203.0.113.5', '203.0.113.5', true],
    ['192.0.2.10', '::ffff:192.0.2.10', true],
    ['[2001:db8::1]', '2001:db8::1', true],
    ['192.0.2.10', 'not-an-ip', false],
    ['198.51.100.0/23', '198.51.101.200', true],
    ['198.51.100.0/23', '198.51.102.1', false],
    ['0.0.0.0/0', '203.0.113.1', true],
    ['0.0.0.0/0', '2001:db8::1', false],
    ['2001:db8::/33', '2001:db8:7fff::1', true],
    ['2001:db8::/33', '2001:db8:8000::1', false],
    ['2001:db8::1', '2001:0db8:0:0:0:0:0:1', true],
    ['fe80::/10', 'febf::1', true],
    ['fe80::/10', 'fec0::1', false],
    ['64:ff9b::192.0.2.0/120', '64:ff9b::c000:2ff', true],
    ['64:ff9b::192.0.2.0/120', '64:ff9b::c000:300', false],
  ])('EXT-2 parseHostRestriction(%j).allows(%j) → %s', (text, address, expected) => {
    const parsed = parseHostRestriction(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.allows(address)).toBe(expected);
  });

  test.each([
    ['phone.example.com', 0, 'host names are not allowed'],
    ['192.0.2.10, 10.0.0.0/33', 12, 'prefix length outside 0..32'],
    ['2001:db8::/129', 0, 'prefix length outside 0..128'],
    ['10.0.0.0/x', 0, 'prefix length'],
    [' , ', 0, 'no address given'],
  ])(
    'EXT-2 parseHostRestriction(%j) → ERR_HOST_RESTRICTION at offset %d',
    (text, offset, detail) => {
      const parsed = parseHostRestriction(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.code).toBe('ERR_HOST_RESTRICTION');
        expect(parsed.error.offset).toBe(offset);
        expect(parsed.error.detail).toContain(detail);
      }
    },
  );

  test('EXT-2 parseHostRestriction() when 33 entries are given → refused', () => {
    const text = Array.from({ length: 33 }, (_, i) => `192.0.2.${i}`).join(',');
    expect(parseHostRestriction(text).ok).toBe(false);
  });

  test('EXT-2 denyAllHosts() → allows no address', () => {
    expect(denyAllHosts('bad').allows('192.0.2.10')).toBe(false);
  });
});
