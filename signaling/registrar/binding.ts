import type { TransportProtocol } from '../transport/index.ts';

/**
 * One registered contact of an address of record (RFC 3261 §10.3). The AOR
 * is scoped to a team: `${teamId}/${number}`.
 */
export interface Binding {
  readonly aor: string;
  readonly teamId: number;
  readonly extensionId: number;
  /** The internal number of the extension. */
  readonly number: string;
  /** The Contact URI as the UA sent it (no angle brackets, no header params). */
  readonly contactUri: string;
  q: number;
  expiresAtMs: number;
  callId: string;
  cseq: number;
  /** Where the REGISTER came from: requests to this contact go there (NAT). */
  readonly protocol: TransportProtocol;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  connectionId: string | undefined;
  /** True when the Contact's host:port differs from the source (NAT detected). */
  isBehindNat: boolean;
  userAgent: string;
  /** +sip.instance (RFC 5626 §4.1), when the UA sent one. */
  instanceId: string | undefined;
  registeredAtMs: number;
}

/** A binding as persisted: the same fields, plain JSON types. */
export type StoredBinding = Omit<Binding, 'connectionId'>;

/** Where requests for a registered contact go. */
export interface ContactTarget {
  readonly binding: Binding;
  readonly protocol: TransportProtocol;
  readonly address: string;
  readonly port: number;
  readonly connectionId: string | undefined;
}

/** Where an extension with a fixed address is reached (D92). */
export interface StaticContact {
  readonly extensionId: number;
  /** The Request-URI's user: `defaultuser`, else the extension's number. */
  readonly user: string;
  /** An IP address. */
  readonly address: string;
  readonly port: number;
  readonly protocol: 'udp' | 'tcp';
}

/** An extension at a fixed address, as the qualify of such contacts lists them (D95). */
export interface FixedContact {
  readonly teamId: number;
  readonly number: string;
  readonly contact: StaticContact;
}

/**
 * The binding a fixed address stands for (D92): it never expires and was
 * never registered, and requests go to the address as configured.
 */
export function staticBinding(teamId: number, number: string, c: StaticContact): Binding {
  const host = c.address.includes(':') ? `[${c.address}]` : c.address;
  return {
    aor: `${teamId}/${number}`,
    teamId,
    extensionId: c.extensionId,
    number,
    contactUri: `sip:${c.user}@${host}:${c.port}${c.protocol === 'tcp' ? ';transport=tcp' : ''}`,
    q: 0,
    expiresAtMs: Number.POSITIVE_INFINITY,
    callId: '',
    cseq: 0,
    protocol: c.protocol,
    sourceAddress: c.address,
    sourcePort: c.port,
    connectionId: undefined,
    isBehindNat: false,
    userAgent: '',
    instanceId: undefined,
    registeredAtMs: 0,
  };
}
