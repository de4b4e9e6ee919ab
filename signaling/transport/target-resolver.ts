import { promises as dnsPromises } from 'node:dns';
import { isIP } from 'node:net';
import type { TransportProtocol } from './transport-types.ts';

/** The DNS calls RFC 3263 needs; node:dns/promises by default, a fake in tests. */
export interface DnsClient {
  resolveNaptr(host: string): Promise<
    Array<{
      flags: string;
      service: string;
      regexp: string;
      replacement: string;
      order: number;
      preference: number;
    }>
  >;
  resolveSrv(
    name: string,
  ): Promise<Array<{ name: string; port: number; priority: number; weight: number }>>;
  lookup(host: string): Promise<Array<{ address: string; family: number }>>;
}

/** What to resolve: the parts of a SIP URI that RFC 3263 §4 looks at. */
export interface ResolveRequest {
  host: string;
  port?: number | undefined;
  /** The URI's transport parameter, if any. */
  transport?: string | undefined;
  /** True for a sips: URI. */
  isSecure?: boolean | undefined;
}

/** One candidate destination, in the order to try. */
export interface ResolvedTarget {
  protocol: TransportProtocol;
  address: string;
  port: number;
}

const NAPTR_SERVICES: Record<string, TransportProtocol> = {
  'SIP+D2U': 'udp',
  'SIP+D2T': 'tcp',
  'SIPS+D2T': 'tls',
  'SIP+D2W': 'ws',
  'SIPS+D2W': 'wss',
};

const SRV_PREFIX: Record<TransportProtocol, string> = {
  udp: '_sip._udp',
  tcp: '_sip._tcp',
  tls: '_sips._tcp',
  ws: '_sip._ws',
  wss: '_sips._ws',
};

function defaultPort(protocol: TransportProtocol): number {
  return protocol === 'tls' || protocol === 'wss' ? 5061 : 5060;
}

function toProtocol(
  transport: string | undefined,
  isSecure: boolean,
): TransportProtocol | undefined {
  if (transport === undefined) return undefined;
  const t = transport.toLowerCase();
  if (t === 'udp' || t === 'tcp' || t === 'ws' || t === 'wss') {
    return isSecure && t === 'tcp' ? 'tls' : isSecure && t === 'ws' ? 'wss' : t;
  }
  if (t === 'tls') return 'tls';
  return undefined;
}

/** Sorts SRV records by priority, then by weight (highest first, RFC 2782 simplified). */
function sortSrv<T extends { priority: number; weight: number }>(records: T[]): T[] {
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}

/**
 * Locates a SIP server per RFC 3263 §4: an IP address or explicit port
 * skips NAPTR/SRV; otherwise NAPTR picks the transport, SRV the hosts and
 * ports, and A/AAAA the addresses. `staticHosts` overrides DNS for a name
 * (tests and air-gapped sites).
 */
export class TargetResolver {
  constructor(
    private readonly dns: DnsClient = defaultDns,
    private readonly staticHosts: ReadonlyMap<string, string[]> = new Map(),
  ) {}

  async resolve(req: ResolveRequest): Promise<ResolvedTarget[]> {
    const isSecure = req.isSecure ?? false;
    const protocol = toProtocol(req.transport, isSecure);
    const host = req.host.replace(/^\[(.*)\]$/, '$1');
    // §4.1: a numeric IP or an explicit port fixes the host; UDP unless told.
    if (isIP(host) !== 0 || req.port !== undefined || this.staticHosts.has(host.toLowerCase())) {
      const fixed: TransportProtocol = protocol ?? (isSecure ? 'tls' : 'udp');
      const port = req.port ?? defaultPort(fixed);
      const addresses = await this.#addresses(host);
      return addresses.map((address) => ({ protocol: fixed, address, port }));
    }
    if (protocol === undefined) {
      const fromNaptr = await this.#viaNaptr(host, isSecure);
      if (fromNaptr.length > 0) return fromNaptr;
    }
    // §4.1: no NAPTR; try SRV for the transports we support, in order.
    const protocols: TransportProtocol[] =
      protocol !== undefined ? [protocol] : isSecure ? ['tls'] : ['udp', 'tcp', 'tls'];
    for (const p of protocols) {
      const viaSrv = await this.#viaSrv(`${SRV_PREFIX[p]}.${host}`, p);
      if (viaSrv.length > 0) return viaSrv;
    }
    // §4.2: no SRV either; the A/AAAA records with the default port.
    const p = protocol ?? (isSecure ? 'tls' : 'udp');
    const addresses = await this.#addresses(host);
    return addresses.map((address) => ({ protocol: p, address, port: defaultPort(p) }));
  }

  async #viaNaptr(host: string, isSecure: boolean): Promise<ResolvedTarget[]> {
    const records = await this.dns.resolveNaptr(host).catch(() => []);
    const usable = records
      .filter(
        (r) =>
          r.flags.toLowerCase() === 's' && NAPTR_SERVICES[r.service.toUpperCase()] !== undefined,
      )
      .filter((r) => !isSecure || r.service.toUpperCase().startsWith('SIPS'))
      .sort((a, b) => a.order - b.order || a.preference - b.preference);
    for (const r of usable) {
      const targets = await this.#viaSrv(r.replacement, NAPTR_SERVICES[r.service.toUpperCase()]!);
      if (targets.length > 0) return targets;
    }
    return [];
  }

  async #viaSrv(name: string, protocol: TransportProtocol): Promise<ResolvedTarget[]> {
    const records = await this.dns.resolveSrv(name).catch(() => []);
    const out: ResolvedTarget[] = [];
    for (const r of sortSrv(records)) {
      for (const address of await this.#addresses(r.name))
        out.push({ protocol, address, port: r.port });
    }
    return out;
  }

  async #addresses(host: string): Promise<string[]> {
    if (isIP(host) !== 0) return [host];
    const fixed = this.staticHosts.get(host.toLowerCase());
    if (fixed !== undefined) return fixed;
    const found = await this.dns.lookup(host).catch(() => []);
    return found.map((a) => a.address);
  }
}

const defaultDns: DnsClient = {
  resolveNaptr: (host) => dnsPromises.resolveNaptr(host),
  resolveSrv: (name) => dnsPromises.resolveSrv(name),
  lookup: (host) => dnsPromises.lookup(host, { all: true }),
};
