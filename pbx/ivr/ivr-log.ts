import type { Destination } from '../../core/index.ts';

/**
 * How an IVR session ended (IVR-11 `结束状态`, spec 03 §6.2): sent on to a
 * destination by a transition, the caller hung up, a failure took the
 * failover, the caller never pressed a key and the loops ran out, or the
 * IVR could not run at all.
 */
export type IvrEndState = 'transferred' | 'callerHangup' | 'failover' | 'timeout' | 'error';

/** What went wrong when a session took its failover (IVR-2, IVR-5). */
export type IvrFailureReason =
  | 'noInput'
  | 'invalidInput'
  | 'actionFailed'
  | 'webServiceTimeout'
  | 'webServiceError'
  | 'ivrLoopLimit';

/** One web-service call of a session. */
export interface IvrWebServiceLog {
  readonly url: string;
  readonly isOk: boolean;
  readonly values: readonly string[];
  /** The WebServiceError code when it failed. */
  readonly errorCode?: string | undefined;
  readonly durationMs: number;
}

/** One IVR session, for the IVR inbound service report (spec 03 §6.2). */
export interface IvrSessionRecord {
  readonly callId: string;
  readonly teamId: number;
  readonly flowId: number;
  readonly flowName: string | undefined;
  readonly callerNumber: string;
  /** The number dialled (the DID or the IVR's internal number). */
  readonly calledNumber: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly durationMs: number;
  /** Every input the caller completed, in order ('' for none). */
  readonly inputs: readonly string[];
  readonly webServiceResults: readonly IvrWebServiceLog[];
  /** How many times the menu ran. */
  readonly loops: number;
  readonly endState: IvrEndState;
  readonly failureReason?: IvrFailureReason | undefined;
  /** Where the call went next (transition or failover). */
  readonly destination?: Destination | undefined;
  /** `ivr状态`: normal when the flow ran as designed (IVR-11). */
  readonly ivrStatus: 'normal' | 'abnormal';
  /** The flow's saveVariables with their values at the end (IVR-7). */
  readonly savedVariables: Readonly<Record<string, string>>;
}

/** Where session records go; the app persists them. Never throws. */
export interface IvrLogSink {
  write(record: IvrSessionRecord): void;
}

/** An IvrLogSink that keeps records in memory, for tests and tools. */
export class MemoryIvrLogSink implements IvrLogSink {
  readonly records: IvrSessionRecord[] = [];

  write(record: IvrSessionRecord): void {
    this.records.push(record);
  }
}
