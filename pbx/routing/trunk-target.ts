import type { CallerId, TrunkTarget } from '../../core/index.ts';

/** The trunk fields a target carries; RoutableTrunk has them. */
export interface TargetTrunk {
  readonly id: number;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
  readonly username: string | null;
  readonly timeoutSec: number;
  readonly maxChannels: number | null;
  readonly codecs?: readonly string[] | undefined;
}

/**
 * One trunk as an originate target: where to send the INVITE, the number
 * as the trunk must get it, the caller ID it presents, and the digest
 * credentials for a 401/407 (`secret` is the trunk's stored password).
 */
export function trunkTarget(
  trunk: TargetTrunk,
  secret: string | null,
  number: string,
  callerId: CallerId,
): TrunkTarget {
  return {
    trunkId: trunk.id,
    trunkName: trunk.name,
    host: trunk.host,
    port: trunk.port,
    transport: trunk.transport,
    number,
    callerId,
    maxChannels: trunk.maxChannels ?? undefined,
    responseTimeoutMs: trunk.timeoutSec * 1000,
    codecs: trunk.codecs,
    credentials:
      trunk.username === null || secret === null
        ? undefined
        : { username: trunk.username, password: secret },
  };
}
