import type {
  Destination,
  DestinationType,
  ExtensionTarget,
  MediaPlaySource,
} from '../../core/index.ts';
import { ringExtension, type RoutableExtension } from '../routing/index.ts';

/** Ring strategies (spec §2.3 RG-2), named as in the config store. */
export type RingGroupStrategy = 'ringall' | 'sequential' | 'rrmemory' | 'idle' | 'incremental';

/**
 * A ring group as the runtime needs it (spec §2.3, fields named as in the
 * spec and the `ring_groups` table). `members` are already in ring order
 * and already filtered to extensions that can take calls (RG-7).
 */
export interface RingGroupConfig {
  readonly id: number;
  readonly teamId: number;
  readonly name: string;
  readonly strategy: RingGroupStrategy;
  /** Bounds the whole ringing phase (RG-3); 60 by default. */
  readonly ringTimeSec: number;
  readonly failoverType: DestinationType;
  readonly failoverTargetId: number | null;
  readonly lastCallFirst: boolean;
  readonly callerNumberPrefix: string | null;
  readonly callerNamePrefix: string | null;
  readonly members: readonly ExtensionTarget[];
  /**
   * RG-4 等待音乐: what the caller hears while members ring, as early
   * media; ringback (the phone's own) when absent.
   */
  readonly moh?: MediaPlaySource | undefined;
  /**
   * How often `incremental` adds the next member. The spec leaves it open
   * (A1-15); when null each step lasts the newly added member's own ring
   * timeout, bounded by ringTimeSec (RG-2 [I]).
   */
  readonly incrementalStepSec?: number | null;
}

/**
 * The extensions of a group that can ring, in order: a disabled member,
 * one on DND or one of another team is skipped (RG-7), using the same
 * rule as direct extension dialling.
 */
export function ringGroupTargets(
  members: readonly (RoutableExtension | undefined)[],
  teamId: number,
): ExtensionTarget[] {
  const targets: ExtensionTarget[] = [];
  for (const member of members) {
    const decision = ringExtension(member, teamId);
    if (decision.kind === 'extensions') targets.push(...decision.targets);
  }
  return targets;
}

/** The group's failover as a Destination (RG-3, spec 02 §0.5). */
export function ringGroupFailover(config: RingGroupConfig): Destination {
  return config.failoverTargetId === null
    ? { type: config.failoverType }
    : { type: config.failoverType, targetId: config.failoverTargetId };
}

/**
 * Round-robin memory of `rrmemory` (RG-2 轮询振铃): which member started
 * the group's previous call. Injected so that it can outlive a reload.
 */
export interface RingGroupMemory {
  lastMember(ringGroupId: number): number | undefined;
  setLastMember(ringGroupId: number, extensionId: number): void;
}

/** A RingGroupMemory in a Map, for one process. */
export class InMemoryRingGroupMemory implements RingGroupMemory {
  readonly #last = new Map<number, number>();

  lastMember(ringGroupId: number): number | undefined {
    return this.#last.get(ringGroupId);
  }

  setLastMember(ringGroupId: number, extensionId: number): void {
    this.#last.set(ringGroupId, extensionId);
  }
}

/** Whether an extension is free to take a call, for `idle` (RG-2 空闲振铃). */
export interface MemberStatus {
  /** True when the member's extension is registered and not in a call. */
  isIdle(member: ExtensionTarget): boolean;
}

/** Who last talked to a caller, for `lastCallFirst` (RG-5). */
export interface RecentCallLookup {
  /** The member extension that most recently had a call with `callerNumber`. */
  lastMemberFor(ringGroupId: number, callerNumber: string): number | undefined;
  /** A member of the group answered `callerNumber`; remembered for the next call. */
  answered?(ringGroupId: number, callerNumber: string, extensionId: number): void;
}

/** Per-member counters of spec §2.4 (RGM-2), written by whoever persists them. */
export interface RingGroupStats {
  /** The group offered a call to the member: ringCount += 1. */
  offered(ringGroupId: number, extensionId: number): void;
  /** The member answered a group call: answerCount += 1. */
  answered(ringGroupId: number, extensionId: number): void;
}
