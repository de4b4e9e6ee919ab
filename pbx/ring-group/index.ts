export {
  MemberRinger,
  prefixedCaller,
  ANSWERED_ELSEWHERE,
  RING_CANCELLED,
  type MemberLegOptions,
  type MemberRingEnd,
  type MemberRingerHandlers,
  type MemberRingRequest,
} from './member-ringer.ts';
export {
  InMemoryRingGroupMemory,
  ringGroupFailover,
  ringGroupTargets,
  type MemberStatus,
  type RecentCallLookup,
  type RingGroupConfig,
  type RingGroupMemory,
  type RingGroupStats,
  type RingGroupStrategy,
} from './ring-group-config.ts';
export {
  RingGroupRun,
  type RingGroupDeps,
  type RingGroupOutcome,
  type RingGroupRunOptions,
} from './ring-group-run.ts';
