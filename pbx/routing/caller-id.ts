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

/** One enabled outbound caller-ID list entry (spec 02 §3.10). */
export interface OutboundCallerRule {
  readonly restrictionType: 'blacklist' | 'whitelist';
  /** The trunk or trunk group it is on: entries are judged per target. */
  readonly trunkId: number | null;
  readonly trunkGroupId: number | null;
  readonly number: string;
}

/**
 * Whether a caller number may use a trunk (OCR-1), given the enabled
 * entries of the calling team on that trunk and on the group it is tried
 * from. A blacklisted number is refused; a target with a whitelist admits
 * only the numbers on it. A refused trunk of a group is skipped and the
 * next member tried (OCR-2); that loop belongs to the trunk hunter.
 */
export function isOutboundCallerAllowed(
  rules: readonly OutboundCallerRule[],
  callerNumber: string,
): boolean {
  const whitelists = new Map<string, Set<string>>();
  for (const rule of rules) {
    if (rule.restrictionType === 'blacklist') {
      if (rule.number === callerNumber) return false;
      continue;
    }
    const target = rule.trunkId !== null ? `t${rule.trunkId}` : `g${rule.trunkGroupId}`;
    const numbers = whitelists.get(target) ?? new Set<string>();
    numbers.add(rule.number);
    whitelists.set(target, numbers);
  }
  for (const numbers of whitelists.values()) if (!numbers.has(callerNumber)) return false;
  return true;
}
