import type { CallStart } from '../../core/index.ts';

/**
 * When a recording starts (team `recordingScope`, spec 01 §1.2, TM-6).
 * Only `answered` (应答: from the answer on) is specified; see D25 for what
 * other values would mean.
 */
export type RecordingScope = 'answered';

/** A team as the policy reads it (spec 01 §1.2). */
export interface RecordingTeam {
  /** TM-6 强制录音: every call of the team is recorded. */
  readonly forcedRecording: boolean;
  /** Absent means `answered`. */
  readonly recordingScope?: RecordingScope | undefined;
}

/** An extension as the policy reads it (spec 01 §2.2). */
export interface RecordingExtension {
  readonly teamId: number;
  readonly accountId: number;
  /** EXT-9 录音. */
  readonly record: boolean;
}

/** An account as the policy reads it (spec 01 §1.3). */
export interface RecordingAccount {
  /** AC-5 强制录音: every extension of the account is recorded. */
  readonly forcedRecording: boolean;
}

/**
 * The configuration the policy needs, named as in the spec so that the
 * config store can back it directly. Queues and trunks have no recording
 * flag in the spec (a trunk has only TRK-10 gains, applied by
 * RecordingCallRecorder), so they take no part in the decision.
 */
export interface RecordingDirectory {
  team(teamId: number): RecordingTeam | undefined;
  extension(extensionId: number): RecordingExtension | undefined;
  account(accountId: number): RecordingAccount | undefined;
}

/** Which rule asked for the recording. */
export type RecordingReason =
  | 'team-forced'
  | 'caller-account-forced'
  | 'callee-account-forced'
  | 'caller-extension'
  | 'callee-extension';

/** Whether and from when a call is recorded. */
export interface RecordingDecision {
  readonly isRecorded: boolean;
  readonly reasons: readonly RecordingReason[];
  readonly scope: RecordingScope;
}

/**
 * Decides whether a call is recorded (spec 01 §0.8 "Record the call?"): the
 * OR of the team's forced recording (TM-6), the caller's and the callee's
 * account forced recording (AC-5) and the caller's and callee's extension
 * `record` flag (EXT-9). A callee in another team (TM-4) brings its own
 * team's forced recording, since TM-6 covers every call of its extensions.
 */
export class RecordingPolicy {
  constructor(private readonly directory: RecordingDirectory) {}

  decide(call: CallStart): RecordingDecision {
    const reasons: RecordingReason[] = [];
    const team = this.directory.team(call.teamId);
    const teamIds = new Set<number>([call.teamId]);
    const sides = [
      ['caller', call.callerExtensionId],
      ['callee', call.calleeExtensionId],
    ] as const;
    for (const [side, extensionId] of sides) {
      if (extensionId === undefined) continue;
      const extension = this.directory.extension(extensionId);
      if (extension === undefined) continue;
      teamIds.add(extension.teamId);
      if (extension.record) reasons.push(`${side}-extension`);
      if (this.directory.account(extension.accountId)?.forcedRecording === true) {
        reasons.push(`${side}-account-forced`);
      }
    }
    for (const teamId of teamIds) {
      const t = teamId === call.teamId ? team : this.directory.team(teamId);
      if (t?.forcedRecording === true && !reasons.includes('team-forced')) {
        reasons.push('team-forced');
      }
    }
    return {
      isRecorded: reasons.length > 0,
      reasons,
      scope: team?.recordingScope ?? 'answered',
    };
  }
}
