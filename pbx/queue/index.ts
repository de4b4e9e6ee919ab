export {
  QUEUE_DEFAULTS,
  extensionQueueMember,
  queueFailover,
  queueFunctionKeyTarget,
  type QueueAudio,
  type QueueConfig,
  type QueueMember,
  type QueueMemberSource,
  type QueueStrategy,
  type StickyMemberLookup,
} from './queue-config.ts';
export type { QueueDeps } from './queue-deps.ts';
export {
  createMemberSelector,
  type MemberCandidate,
  type MemberSelector,
  type MemberSelectorOptions,
} from './member-selector.ts';
export {
  QueueCall,
  type QueueCallHost,
  type QueueCallPhase,
  type QueueConnection,
  type QueueLeaveReason,
  type QueueOutcome,
} from './queue-call.ts';
export { Queue, type QueueEvents, type QueueLiveStats, type QueueRunOptions } from './queue.ts';
export {
  RATING_ATTEMPTS,
  RATING_DIGIT_TIMEOUT_MS,
  RATING_MAX_SCORE,
  RATING_MIN_SCORE,
  RATING_THANKS_SOUND,
  collectRating,
  type QueueRating,
  type QueueRatingSink,
} from './queue-rating.ts';
export { selectAutoJoinQueue, type AutoJoinCandidate } from './auto-join.ts';
export {
  MAX_QUEUE_CALL_PARTIES,
  QueueParties,
  type AddedQueueParty,
  type QueuePartiesDeps,
  type QueuePartyRequester,
} from './queue-parties.ts';
export {
  PARTY_TRUNK_RING_MS,
  planQueueParty,
  type QueuePartyPlan,
  type QueuePartyRefusal,
} from './queue-party-plan.ts';
export {
  PARTY_CODE_DIGIT_TIMEOUT_MS,
  PARTY_NUMBER_MAX_DIGITS,
  PARTY_NUMBER_TIMEOUT_MS,
  QueuePartyKey,
  type QueuePartyKeyCall,
  type QueuePartyKeyDeps,
  type QueuePartyKeyState,
} from './queue-party-key.ts';
