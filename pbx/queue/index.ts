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
  type QueueLeaveReason,
  type QueueOutcome,
} from './queue-call.ts';
export { Queue, type QueueEvents } from './queue.ts';
export { selectAutoJoinQueue, type AutoJoinCandidate } from './auto-join.ts';
