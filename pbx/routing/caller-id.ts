import type { CallerId } from '../../core/index.ts';

/** The caller-ID settings of a trunk. */
export interface TrunkCli {
  readonly outboundCallerNumber: string | null;
  readonly outboundCallerName: string | null;
  readonly forceOutboundCli: boolean;
}

/** The caller-ID settings of the calling extension. */
export interface ExtensionCli {
  readonly internalNumber: string;
  readonly outboundCallerNumber: string | null;
  readonly outboundCallerName: string | null;
}

const present = (s: string | null): s is string => s !== null && s.trim() !== '';

/**
 * The identity an outbound call presents (spec TRK-8): a trunk that forces
 * its CLI wins; otherwise the extension's outbound CLI, then the trunk's,
 * then the extension number. The name comes from the same source as the
 * number, so a carrier never sees one party's name with another's number.
 */
export function outboundCallerId(trunk: TrunkCli, extension: ExtensionCli): CallerId {
  const fromTrunk = (): CallerId => ({
    number: trunk.outboundCallerNumber!,
    name: present(trunk.outboundCallerName) ? trunk.outboundCallerName : undefined,
  });
  if (trunk.forceOutboundCli && present(trunk.outboundCallerNumber)) return fromTrunk();
  if (present(extension.outboundCallerNumber)) {
    return {
      number: extension.outboundCallerNumber,
      name: present(extension.outboundCallerName) ? extension.outboundCallerName : undefined,
    };
  }
  if (present(trunk.outboundCallerNumber)) return fromTrunk();
  return {
    number: extension.internalNumber,
    name: present(extension.outboundCallerName) ? extension.outboundCallerName : undefined,
  };
}
