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
});
