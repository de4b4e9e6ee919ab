import { describe, expect, test } from 'vitest';
import { outboundCallerId, type ExtensionCli, type TrunkCli } from './caller-id.ts';

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

describe('outboundCallerId() (TRK-8)', () => {
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
