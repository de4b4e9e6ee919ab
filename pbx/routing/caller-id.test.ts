import { describe, expect, test } from 'vitest';
import {
  isOutboundCallerAllowed,
  outboundCallerId,
  type ExtensionCli,
  type OutboundCallerRule,
  type TrunkCli,
} from './caller-id.ts';

const trunk = (over: Partial<TrunkCli> = {}): TrunkCli => ({
  outboundCallerNumber: '15550000',
  outboundCallerName: 'Demo Co',
  forceOutboundCli: false,
  ...over,
});
const ext = (over: Partial<ExtensionCli> = {}): ExtensionCli => ({
  internalNumber: '1000',
  outboundCallerNumber: '15551000',
  outboundCallerName: 'Alice',
  ...over,
});

describe('outboundCallerId() (TRK-8, EXT-6 external calls)', () => {
  test.each([
    [
      'trunk forces its CLI → trunk',
      trunk({ forceOutboundCli: true }),
      ext(),
      '15550000',
      'Demo Co',
    ],
    ['no force, extension has a CLI → extension', trunk(), ext(), '15551000', 'Alice'],
    [
      'no extension CLI → trunk',
      trunk(),
      ext({ outboundCallerNumber: null, outboundCallerName: null }),
      '15550000',
      'Demo Co',
    ],
    [
      'neither has a CLI → the extension number',
      trunk({ outboundCallerNumber: null, outboundCallerName: null }),
      ext({ outboundCallerNumber: '  ', outboundCallerName: null }),
      '1000',
      undefined,
    ],
    [
      'force without a trunk number → falls through to the extension',
      trunk({ forceOutboundCli: true, outboundCallerNumber: null }),
      ext(),
      '15551000',
      'Alice',
    ],
    [
      'trunk number without a name → no display name',
      trunk({ forceOutboundCli: true, outboundCallerName: '' }),
      ext(),
      '15550000',
      undefined,
    ],
  ])('outboundCallerId() when %s', (_, t, e, number, name) => {
    expect(outboundCallerId(t, e)).toEqual({ number, name });
  });
});

describe('isOutboundCallerAllowed() (spec 02 §3.10)', () => {
  const rule = (over: Partial<OutboundCallerRule>): OutboundCallerRule => ({
    restrictionType: 'blacklist',
    trunkId: 1,
    trunkGroupId: null,
    number: '234',
    ...over,
  });

  test('isOutboundCallerAllowed() when there are no entries → true', () => {
    expect(isOutboundCallerAllowed([], '234')).toBe(true);
  });

  test('OCR-1: isOutboundCallerAllowed() when the number is blacklisted → false', () => {
    expect(isOutboundCallerAllowed([rule({})], '234')).toBe(false);
    expect(isOutboundCallerAllowed([rule({})], '235')).toBe(true);
  });

  test('OCR-1: isOutboundCallerAllowed() when a whitelist exists → only its numbers', () => {
    const rules = [rule({ restrictionType: 'whitelist', number: '100' })];
    expect(isOutboundCallerAllowed(rules, '100')).toBe(true);
    expect(isOutboundCallerAllowed(rules, '101')).toBe(false);
  });

  test('OCR-1: isOutboundCallerAllowed() with whitelists on trunk and group → both must admit', () => {
    const rules = [
      rule({ restrictionType: 'whitelist', number: '100' }),
      rule({ restrictionType: 'whitelist', trunkId: null, trunkGroupId: 7, number: '101' }),
    ];
    expect(isOutboundCallerAllowed(rules, '100')).toBe(false);
    expect(
      isOutboundCallerAllowed(
        [
          ...rules,
          rule({ restrictionType: 'whitelist', trunkId: null, trunkGroupId: 7, number: '100' }),
        ],
        '100',
      ),
    ).toBe(true);
  });

  test('OCR-1: isOutboundCallerAllowed() when whitelisted but also blacklisted → false', () => {
    const rules = [
      rule({ restrictionType: 'whitelist', number: '100' }),
      rule({ trunkId: null, trunkGroupId: 7, number: '100' }),
    ];
    expect(isOutboundCallerAllowed(rules, '100')).toBe(false);
  });
});
