import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { EgressPolicy, checkWebhookUrl, loggableUrl } from './egress-policy.ts';
import { parseCidr, parseIpAddress, refusedRangeOf } from './ip-ranges.ts';

describe('refusedRangeOf() issue 7', () => {
  // One row per refused range, in each of the forms an attacker may write.
  const refused: ReadonlyArray<readonly [string, string]> = [
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['169.254.169.254', 'linkLocal'],
    ['192.0.0.8', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['::127.0.0.1', 'reserved'],
    ['64:ff9b:1::a00:1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:a9fe:a9fe::1', 'linkLocal'],
  ];
  it.each(refused)('refusedRangeOf(%s) → %s', (text, range) => {
    expect(refusedRangeOf(parseIpAddress(text)!)).toBe(range);
  });

  const allowed = [
    '2002:808:808::1',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '192.0.2.1',
    '2001:db8::1',
    '::ffff:8.8.8.8',
  ];
  it.each(allowed)('refusedRangeOf(%s) → undefined (public)', (text) => {
    expect(refusedRangeOf(parseIpAddress(text)!)).toBeUndefined();
  });
});

describe('parseCidr()', () => {
  it('parseCidr() when a bare address is given → a /32 or /128 block', () => {
    expect(parseCidr('127.0.0.39')).toMatchObject({ ok: true, value: { prefixLength: 32 } });
    expect(parseCidr('::1')).toMatchObject({ ok: true, value: { prefixLength: 128 } });
  });

  const bad: ReadonlyArray<readonly [string, string]> = [
    ['10.0.0.0/33', 'ERR_CIDR_PREFIX'],
    ['10.0.0.0/x', 'ERR_CIDR_PREFIX'],
    ['10.1.2.3/8', 'ERR_CIDR_HOST_BITS'],
    ['example.com/24', 'ERR_CIDR_ADDRESS'],
    ['fd00::/129', 'ERR_CIDR_PREFIX'],
  ];
  it.each(bad)('parseCidr(%s) → %s, no throw', (text, code) => {
    expect(parseCidr(text)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('EgressPolicy', () => {
  it('EgressPolicy.check() when no allow list → refuses loopback, allows public', () => {
    const policy = new EgressPolicy([]);
    expect(policy.check('127.0.0.1')).toEqual({ isAllowed: false, range: 'loopback' });
    expect(policy.check('93.184.216.34')).toEqual({ isAllowed: true });
    expect(policy.check('not-an-ip')).toEqual({ isAllowed: false, range: 'invalid' });
  });

  it('EgressPolicy.check() when the operator allows 10.20.0.0/16 → only that block passes, mapped forms too', () => {
    const policy = EgressPolicy.fromAllowList(['10.20.0.0/16', '127.0.0.39']);
    expect(policy.check('10.20.3.4')).toEqual({ isAllowed: true });
    expect(policy.check('::ffff:10.20.3.4')).toEqual({ isAllowed: true });
    expect(policy.check('10.21.0.1')).toEqual({ isAllowed: false, range: 'private' });
    expect(policy.check('127.0.0.39')).toEqual({ isAllowed: true });
    expect(policy.check('127.0.0.40')).toEqual({ isAllowed: false, range: 'loopback' });
  });

  it('EgressPolicy.fromAllowList() when a block is bad → ConfigError naming webhookAllow', () => {
    expect(() => EgressPolicy.fromAllowList(['10.0.0.0/40'])).toThrow(ConfigError);
    expect(() => EgressPolicy.fromAllowList(['10.0.0.0/40'])).toThrow(/webhookAllow/);
  });
});

describe('checkWebhookUrl()', () => {
  it('checkWebhookUrl() when http(s) without user info → ok', () => {
    expect(checkWebhookUrl('https://hooks.example/e?x=1').ok).toBe(true);
    expect(checkWebhookUrl('http://hooks.example:8080/e').ok).toBe(true);
  });

  const bad: ReadonlyArray<readonly [string, RegExp]> = [
    ['ftp://hooks.example/e', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['gopher://127.0.0.1:6379/_', /http or https/],
    ['https://user:pw@hooks.example/e', /user:password/],
    ['https://token@hooks.example/e', /user:password/],
    ['not a url', /not a URL/],
  ];
  it.each(bad)('checkWebhookUrl(%s) → refused', (text, detail) => {
    const r = checkWebhookUrl(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.detail).toMatch(detail);
  });

  it('loggableUrl() → origin and path, no query or user info', () => {
    expect(loggableUrl(new URL('https://u:p@hooks.example/e/f?token=s3cret#x'))).toBe(
      'https://hooks.example/e/f',
    );
  });
});
