/*
 * What a Queue tells and is told outside the line: its statistics events,
 * its live figures for agents (GRP-10) and the options of run().
 */
import type { MemberRingEnd } from '../ring-group/index.ts';
import type { QueueLeaveReason } from './queue-outcome.ts';

/**
 * Statistics hooks of a queue, for reports (spec 02 §3.1): each caller
 * produces `entered`, then `answered` (and `completed`), `abandoned` or
 * `failover`; members produce `offered` and `noanswer`.
 */
export type QueueEvents = {
  entered: [{ readonly queueId: number; readonly callId: string; readonly position: number }];
  offered: [{ readonly queueId: number; readonly callId: string; readonly memberKey: string }];
  noanswer: [
    {
      readonly queueId: number;
      readonly callId: string;
      readonly memberKey: string;
      readonly reason: MemberRingEnd;
    },
  ];
  answered: [
    {
      readonly queueId: number;
      readonly callId: string;
      readonly memberKey: string;
      readonly waitMs: number;
    },
  ];
  completed: [{ readonly queueId: number; readonly callId: string; readonly memberKey: string }];
  abandoned: [
    {
      readonly queueId: number;
      readonly callId: string;
      readonly waitMs: number;
      readonly position: number;
    },
  ];
  failover: [
    {
      readonly queueId: number;
      readonly callId: string;
      readonly reason: QueueLeaveReason | 'failed';
      readonly waitMs: number;
    },
  ];
};

/** A queue's callers now (GRP-10 queue information for agents). */
export interface QueueLiveStats {
  /** Callers in line: waiting, ringing a member or being connected. */
  readonly waiting: number;
  /** How long the longest-waiting caller in line has waited, whole seconds. */
  readonly longestWaitSec: number;
  /** Callers talking with a member. */
  readonly talking: number;
}

/** Options of Queue.run(). */
export interface QueueRunOptions {
  /** Higher is served first (Asterisk QUEUE_PRIO); 0 unless given. */
  readonly priority?: number | undefined;
  /**
   * IVR-9: when the member hangs up first, hand the caller back still up
   * (`answered` with isCallerKept) instead of hanging it up.
   */
  readonly isKeepingCaller?: boolean | undefined;
}
