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

  /**
   * The trunk whose host has the source address (and whose port is the
   * source port, for a trunk that asks for it: T-2 `insecure`, D91). Of
   * several, the one whose registration username is `requestUser` wins
   * (TRK-3: two accounts at one carrier), else the first.
   */
  async match(
    peers: readonly TrunkPeer[],
    source: string,
    from?: { readonly port?: number; readonly requestUser?: string },
  ): Promise<TrunkPeer | undefined> {
    const address = normalize(source);
    const user = from?.requestUser;
    const isPort = (peer: TrunkPeer) =>
      peer.port === undefined || from?.port === undefined || peer.port === from.port;
    const isUser = (peer: TrunkPeer) => user !== undefined && peer.username === user;
    const found: TrunkPeer[] = [];
    const named: TrunkPeer[] = [];
    for (const peer of peers) {
      if (!isPort(peer)) continue;
      const host = normalize(peer.host);
      if (isIP(host) === 0) named.push(peer);
      else if (host === address) found.push(peer);
    }
    // Host names are resolved only when no address matched, or to find
    // the trunk of the Request-URI's user.
    const byUser = found.find(isUser);
    if (byUser !== undefined) return byUser;
    for (const peer of named) {
      if (found.length > 0 && !isUser(peer)) continue;
      if (!(await this.addresses(peer.host)).includes(address)) continue;
      if (isUser(peer)) return peer;
      found.push(peer);
    }
    return found[0];
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
