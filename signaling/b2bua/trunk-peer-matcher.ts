import { isIP } from 'node:net';
import type { Clock, TrunkPeer } from '../../core/index.ts';
import type { TargetResolver } from '../transport/index.ts';

/** How long the addresses of a trunk host name are trusted. */
const DEFAULT_TTL_MS = 60_000;

/** An IPv4-mapped IPv6 source (dual-stack socket) compares as IPv4. */
function normalize(address: string): string {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/**
 * Finds the ipPeer trunk a request came from by its source address (spec
 * TRK-3). A host given as a name is resolved as RFC 3263 §4 locates it
 * (NAPTR, SRV, A/AAAA) and its addresses are cached for a minute, so a
 * carrier that moves its servers is followed without a restart.
 */
export class TrunkPeerMatcher {
  private readonly cache = new Map<string, { addresses: string[]; expiresAtMs: number }>();

  constructor(
    private readonly resolver: Pick<TargetResolver, 'resolve'>,
    private readonly clock: Clock,
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  async match(peers: readonly TrunkPeer[], source: string): Promise<TrunkPeer | undefined> {
    const address = normalize(source);
    const named: TrunkPeer[] = [];
    for (const peer of peers) {
      const host = normalize(peer.host);
      if (isIP(host) === 0) named.push(peer);
      else if (host === address) return peer;
    }
    for (const peer of named) {
      if ((await this.addresses(peer.host)).includes(address)) return peer;
    }
    return undefined;
  }

  private async addresses(host: string): Promise<string[]> {
    const key = host.toLowerCase();
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.expiresAtMs > this.clock.now()) return cached.addresses;
    const targets = await this.resolver.resolve({ host }).catch(() => []);
    const addresses = [...new Set(targets.map((t) => normalize(t.address)))];
    this.cache.set(key, { addresses, expiresAtMs: this.clock.now() + this.ttlMs });
    return addresses;
  }
}
