import { describe, expect, test } from 'vitest';
import { TargetResolver, type DnsClient } from './target-resolver.ts';

function fakeDns(zone: {
  naptr?: Record<string, Awaited<ReturnType<DnsClient['resolveNaptr']>>>;
  srv?: Record<string, Awaited<ReturnType<DnsClient['resolveSrv']>>>;
  a?: Record<string, string[]>;
}): DnsClient {
  const miss = (): Promise<never> =>
    Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
  return {
    resolveNaptr: (h) => (zone.naptr?.[h] ? Promise.resolve(zone.naptr[h]) : miss()),
    resolveSrv: (n) => (zone.srv?.[n] ? Promise.resolve(zone.srv[n]) : miss()),
    lookup: (h) =>
      zone.a?.[h] ? Promise.resolve(zone.a[h].map((address) => ({ address, family: 4 }))) : miss(),
  };
}

describe('TargetResolver (RFC 3263)', () => {
  test('resolve() when the host is an IP → that IP, UDP, port 5060 (§4.1, §4.2)', async () => {
    const r = new TargetResolver(fakeDns({}));
    expect(await r.resolve({ host: '192.0.2.1' })).toEqual([
      { protocol: 'udp', address: '192.0.2.1', port: 5060 },
    ]);
    expect(await r.resolve({ host: '[2001:db8::1]', transport: 'tcp', port: 5070 })).toEqual([
      { protocol: 'tcp', address: '2001:db8::1', port: 5070 },
    ]);
    expect(await r.resolve({ host: '192.0.2.1', isSecure: true })).toEqual([
      { protocol: 'tls', address: '192.0.2.1', port: 5061 },
    ]);
  });

  test('resolve() when NAPTR and SRV exist → NAPTR order picks the transport, SRV priority the host', async () => {
    const r = new TargetResolver(
      fakeDns({
        naptr: {
          'example.com': [
            {
              flags: 's',
              service: 'SIP+D2U',
              regexp: '',
              replacement: '_sip._udp.example.com',
              order: 20,
              preference: 0,
            },
            {
              flags: 's',
              service: 'SIP+D2T',
              regexp: '',
              replacement: '_sip._tcp.example.com',
              order: 10,
              preference: 0,
            },
          ],
        },
        srv: {
          '_sip._tcp.example.com': [
            { name: 'b.example.com', port: 5080, priority: 20, weight: 0 },
            { name: 'a.example.com', port: 5070, priority: 10, weight: 0 },
          ],
        },
        a: { 'a.example.com': ['192.0.2.10'], 'b.example.com': ['192.0.2.20'] },
      }),
    );
    expect(await r.resolve({ host: 'example.com' })).toEqual([
      { protocol: 'tcp', address: '192.0.2.10', port: 5070 },
      { protocol: 'tcp', address: '192.0.2.20', port: 5080 },
    ]);
  });

  test('resolve() when only SRV exists → SRV of the first supported transport (§4.1)', async () => {
    const r = new TargetResolver(
      fakeDns({
        srv: {
          '_sip._udp.example.net': [
            { name: 'sip.example.net', port: 5062, priority: 0, weight: 0 },
          ],
        },
        a: { 'sip.example.net': ['198.51.100.7'] },
      }),
    );
    expect(await r.resolve({ host: 'example.net' })).toEqual([
      { protocol: 'udp', address: '198.51.100.7', port: 5062 },
    ]);
  });

  test('resolve() when neither NAPTR nor SRV exist → A records and the default port (§4.2)', async () => {
    const r = new TargetResolver(fakeDns({ a: { 'pbx.example.org': ['203.0.113.5'] } }));
    expect(await r.resolve({ host: 'pbx.example.org', transport: 'TCP' })).toEqual([
      { protocol: 'tcp', address: '203.0.113.5', port: 5060 },
    ]);
  });

  test('resolve() when a static host is set → DNS is not asked', async () => {
    const r = new TargetResolver(fakeDns({}), new Map([['carrier.test', ['127.0.0.9']]]));
    expect(await r.resolve({ host: 'Carrier.test' })).toEqual([
      { protocol: 'udp', address: '127.0.0.9', port: 5060 },
    ]);
  });

  test('resolve() when nothing resolves → an empty list, no throw', async () => {
    const r = new TargetResolver(fakeDns({}));
    expect(await r.resolve({ host: 'nowhere.invalid' })).toEqual([]);
  });
});
