import { describe, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import type { ResolveRequest, ResolvedTarget } from '../transport/index.ts';
import { TrunkPeerMatcher } from './trunk-peer-matcher.ts';

function resolver(table: Record<string, string[]>) {
  const calls: string[] = [];
  return {
    calls,
    resolve: (req: ResolveRequest): Promise<ResolvedTarget[]> => {
      calls.push(req.host);
      const addresses = table[req.host] ?? [];
      return Promise.resolve(
        addresses.map((address) => ({ protocol: 'udp', address, port: 5060 })),
      );
    },
  };
}

const peers = [
  { trunkId: 1, teamId: 4, host: '192.0.2.1' },
  { trunkId: 2, teamId: undefined, host: 'sip.carrier.example' },
];

describe('TrunkPeerMatcher.match()', () => {
  test('match() when the source is a trunk IP → that trunk, without DNS for IP hosts first', async () => {
    const dns = resolver({});
    const matcher = new TrunkPeerMatcher(dns, new FakeClock());
    expect(await matcher.match(peers, '192.0.2.1')).toEqual(peers[0]);
    expect(await matcher.match(peers, '::ffff:192.0.2.1')).toEqual(peers[0]);
    expect(dns.calls).toEqual([]);
  });

  test('match() when the source is an address of a named host → that trunk, cached for the TTL', async () => {
    const dns = resolver({ 'sip.carrier.example': ['198.51.100.5', '198.51.100.6'] });
    const clock = new FakeClock();
    const matcher = new TrunkPeerMatcher(dns, clock, 60_000);
    expect(await matcher.match(peers, '198.51.100.6')).toEqual(peers[1]);
    expect(await matcher.match(peers, '198.51.100.5')).toEqual(peers[1]);
    expect(dns.calls).toEqual(['sip.carrier.example']);
    clock.tick(60_001);
    expect(await matcher.match(peers, '203.0.113.9')).toBeUndefined();
    expect(dns.calls).toHaveLength(2);
  });

  test('match() when the source is no trunk → undefined', async () => {
    const matcher = new TrunkPeerMatcher(resolver({}), new FakeClock());
    expect(await matcher.match(peers, '203.0.113.9')).toBeUndefined();
    expect(await matcher.match([], '192.0.2.1')).toBeUndefined();
  });

  test('match() when two trunks share a host → the one whose username is the Request-URI user (TRK-3)', async () => {
    const twoAccounts = [
      { trunkId: 5, teamId: 1, host: '192.0.2.9', username: 'acct-a' },
      { trunkId: 6, teamId: 2, host: '192.0.2.9', username: 'acct-b' },
    ];
    const matcher = new TrunkPeerMatcher(resolver({}), new FakeClock());
    expect(
      (await matcher.match(twoAccounts, '192.0.2.9', { requestUser: 'acct-b' }))?.trunkId,
    ).toBe(6);
    expect(
      (await matcher.match(twoAccounts, '192.0.2.9', { requestUser: '5551234' }))?.trunkId,
    ).toBe(5);
    expect((await matcher.match(twoAccounts, '192.0.2.9'))?.trunkId).toBe(5);
  });

  test('match() when a named host’s trunk has the Request-URI user → it, over an address match', async () => {
    const dns = resolver({ 'sip.carrier.example': ['192.0.2.1'] });
    const both = [
      peers[0]!,
      { trunkId: 7, teamId: 4, host: 'sip.carrier.example', username: 'me' },
    ];
    const matcher = new TrunkPeerMatcher(dns, new FakeClock());
    expect((await matcher.match(both, '192.0.2.1', { requestUser: 'someone' }))?.trunkId).toBe(1);
    expect(dns.calls).toEqual([]);
    expect((await matcher.match(both, '192.0.2.1', { requestUser: 'me' }))?.trunkId).toBe(7);
  });

  test('T-2 match() when a trunk asks for its port (insecure without port) → only from that port (D91)', async () => {
    const strict = [{ trunkId: 8, teamId: 4, host: '192.0.2.1', port: 5080 }];
    const matcher = new TrunkPeerMatcher(resolver({}), new FakeClock());
    expect(await matcher.match(strict, '192.0.2.1', { port: 5060 })).toBeUndefined();
    expect((await matcher.match(strict, '192.0.2.1', { port: 5080 }))?.trunkId).toBe(8);
  });
});
