import type {
  Destination,
  DestinationType,
  ExtensionTarget,
  MediaPlaySource,
  OriginateTarget,
} from '../../core/index.ts';

/** Ring strategies (spec 02 §3.1 Q-8), Asterisk app_queue names as in the store. */
export type QueueStrategy =
  'leastrecent' | 'fewestcalls' | 'random' | 'rrmemory' | 'ringall' | 'linear';

/**
 * A queue as the runtime needs it (spec 02 §3.1 (b)), fields named as in
 * the spec and the `queues` table. Prompts are CallPrompt ids and the MOH
 * class a class name; QueueAudio turns them into files.
 */
export interface QueueConfig {
  readonly id: number;
  readonly teamId: number;
  readonly number: string;
  readonly name: string;
  readonly strategy: QueueStrategy;
  readonly failoverType: DestinationType;
  readonly failoverTargetId: number | null;
  readonly agentRingTimeoutSec: number;
  readonly retryIntervalSec: number;
  readonly maxWaitTimeSec: number;
  readonly joinEmpty: boolean;
  readonly wrapUpTimeSec: number;
  readonly autofill: boolean;
  readonly callerNamePrefix: string | null;
  readonly callerNumberPrefix: string | null;
  readonly lastAgentFirst: boolean;
  /** 多方通话: the agent may turn the call into a three-way conference. */
  readonly multiParty: boolean;
  /** 0 means unlimited. */
  readonly maxCallers: number;
  /** 0 means off. */
  readonly periodicAnnounceFrequencySec: number;
  /** 0 means off. */
  readonly positionAnnounceFrequencySec: number;
  /** weight against other queues; also breaks Q-20 ties. */
  readonly priority: number;
  /** `VAR=value` matched against channel variables, or null. */
  readonly autoJoinCondition: string | null;
  /** null means the system default class. */
  readonly mohClass: string | null;
  readonly entryPrompt: number | null;
  readonly periodicAnnouncePrompt: number | null;
  readonly agentAnnouncePrompt: number | null;
  /** said to the caller before the agent's job number. */
  readonly agentIdPromptBefore: number | null;
  /** said to the caller after the agent's job number. */
  readonly agentIdPromptAfter: number | null;
  /** One DTMF key, or null when the queue has no caller exit key. */
  readonly functionKey: string | null;
  readonly functionKeyTargetType: DestinationType;
  readonly functionKeyTarget: number | null;
  /** CallPrompt asking the caller kept after the agent hung up for a score; null is off. */
  readonly ratingPromptId: number | null;
}

/** The defaults of spec 02 §3.1 (b), for the fields that have one. */
export const QUEUE_DEFAULTS = {
  strategy: 'leastrecent',
  failoverType: 'hangup',
  failoverTargetId: null,
  agentRingTimeoutSec: 15,
  retryIntervalSec: 5,
  maxWaitTimeSec: 45,
  joinEmpty: true,
  wrapUpTimeSec: 5,
  autofill: true,
  callerNamePrefix: null,
  callerNumberPrefix: null,
  lastAgentFirst: true,
  multiParty: true,
  maxCallers: 0,
  periodicAnnounceFrequencySec: 0,
  positionAnnounceFrequencySec: 0,
  priority: 0,
  autoJoinCondition: null,
  mohClass: null,
  entryPrompt: null,
  periodicAnnouncePrompt: null,
  agentAnnouncePrompt: null,
  agentIdPromptBefore: null,
  agentIdPromptAfter: null,
  functionKey: null,
  functionKeyTargetType: 'voicemail',
  functionKeyTarget: null,
  ratingPromptId: null,
} as const satisfies Partial<QueueConfig>;

/**
 * One member of a queue as its source reports it: an extension now, an
 * agent of a bound agent group later. Listed in configured order.
 */
export interface QueueMember {
  /** Stable id of the member, e.g. `ext:12` or `agent:2000`. */
  readonly key: string;
  readonly target: ExtensionTarget;
  /** Signed in (签入); extensions always are. */
  readonly isLoggedIn: boolean;
  /** Paused, or in the agent group's own wrap-up. */
  readonly isPaused: boolean;
  /**
   * Lower rings first, as Asterisk's penalty (Q-8 "next priority"); the
   * direction of the agent-group 优先级 is open (A1-9), so the source maps it.
   */
  readonly penalty?: number | undefined;
  /** The agent's job number (工号), announced to the caller; none for extensions. */
  readonly agentNo?: string | undefined;
  /**
   * What the member's leg rings when it is not `target` itself: an agent
   * whose phone is an external number is rung through the team's
   * external-agent trunk (AGT-3, TM-13; see agentOriginateTarget()).
   */
  readonly originate?: OriginateTarget | undefined;
  /** GRP-8: the agent group's autoAnswerQueue; the INVITE asks the phone to answer. */
  readonly autoAnswer?: boolean | undefined;
  /** The agent group that made the agent a member (GRP-1), for its leg's 坐席组. */
  readonly agentGroupId?: number | undefined;
}

/**
 * An extension as a queue member: extensions need no sign-in, so it is
 * always logged in and never paused (agents come with call-center/).
 */
export function extensionQueueMember(target: ExtensionTarget): QueueMember {
  return { key: `ext:${target.extensionId}`, target, isLoggedIn: true, isPaused: false };
}

/** Where a queue gets its members; asked on every dispatch. */
export interface QueueMemberSource {
  members(queueId: number): readonly QueueMember[];
}

/** Turns the queue's audio references into sources for MediaControl.play. */
export interface QueueAudio {
  /** What plays for a MOH class (MOH-1); `null` is the default class (MOH-2). */
  moh(mohClass: string | null): MediaPlaySource | undefined;
  /** The file of a CallPrompt in the caller's language. */
  promptFile(promptId: number): string | undefined;
  /** Files that say "you are number N in line", played in order. */
  positionFiles(position: number): readonly string[];
  /** Files that say `digits` one by one (Q-16 job numbers). */
  digitFiles(digits: string): readonly string[];
}

/** Who last answered a caller, for the sticky agent rule. */
export interface StickyMemberLookup {
  lastMemberFor(queueId: number, callerNumber: string): string | undefined;
}

/** The queue's failover as a Destination. */
export function queueFailover(config: QueueConfig): Destination {
  return config.failoverTargetId === null
    ? { type: config.failoverType }
    : { type: config.failoverType, targetId: config.failoverTargetId };
}

/** Where the caller exit key leads. */
export function queueFunctionKeyTarget(config: QueueConfig): Destination {
  return config.functionKeyTarget === null
    ? { type: config.functionKeyTargetType }
    : { type: config.functionKeyTargetType, targetId: config.functionKeyTarget };
}
