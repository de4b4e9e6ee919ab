import type {
  ApplicationCall,
  CallLeg,
  Clock,
  Logger,
  MediaControl,
  TypedEmitter,
} from '../../core/index.ts';
import { LegPrompter } from './leg-prompter.ts';
import type { VoicemailConfig } from './voicemail-config.ts';
import type { VoicemailMailer } from './voicemail-mailer.ts';
import type {
  VoicemailBox,
  VoicemailDirectory,
  VoicemailMessage,
  VoicemailStore,
} from './voicemail-store.ts';

/** What voicemail needs from the rest of the switch. */
export interface VoicemailDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly directory: VoicemailDirectory;
  readonly store: VoicemailStore;
  /** Without a mailer no e-mail is sent (VM-3 off). */
  readonly mailer?: VoicemailMailer | undefined;
  readonly logger?: Logger | undefined;
}

/** The fields of an application call voicemail reads. */
export type VoicemailCall = Pick<ApplicationCall, 'callId' | 'teamId' | 'leg' | 'destination'>;

/** Why a voicemail run ended; the leg is always hung up by then. */
export type VoicemailEndReason =
  | 'message-left'
  | 'too-short'
  | 'caller-hangup'
  | 'box-full'
  | 'box-not-found'
  | 'answer-failed'
  | 'media-failed'
  | 'login-failed'
  | 'no-input'
  | 'done';

/** How a voicemail run ended. Voicemail never hands the call on. */
export interface VoicemailOutcome {
  readonly kind: 'hangup';
  readonly reason: VoicemailEndReason;
  /** The message left, when one was kept. */
  readonly messageId?: string | undefined;
}

/**
 * The message-waiting state of a box after a change, for RFC 3842
 * `Messages-Waiting` / `Voice-Message: new/old` NOTIFYs.
 */
export interface MessageWaitingState {
  readonly boxId: number;
  readonly teamId: number;
  readonly mailbox: string;
  readonly newCount: number;
  readonly oldCount: number;
}

/** The events of VoicemailApplication. */
export type VoicemailEvents = {
  /** A message was kept. */
  message: [VoicemailMessage];
  /** A box's counts changed (new message, read, deleted). */
  messagewaiting: [MessageWaitingState];
  emailsent: [{ readonly messageId: string; readonly to: string }];
  emailfailed: [
    {
      readonly messageId: string;
      readonly to: string;
      readonly code: string;
      readonly detail: string;
    },
  ];
};

/** What the flows share: ports, settings and the event emitter. */
export interface VoicemailContext {
  readonly deps: VoicemailDeps;
  readonly config: VoicemailConfig;
  readonly events: TypedEmitter<VoicemailEvents>;
}

/** Answers the leg unless it is already answered (an IVR or queue did it). */
export async function answerIfNeeded(leg: CallLeg): Promise<boolean> {
  if (leg.state === 'confirmed') return true;
  const r = await leg.answer();
  return r.ok;
}

/** A prompter on the call's leg. */
export function prompterFor(ctx: VoicemailContext, leg: CallLeg): LegPrompter {
  return new LegPrompter(leg, ctx.deps.media, ctx.deps.clock);
}

/** Counts the box's messages and emits 'messagewaiting'. */
export async function announceMessageWaiting(
  ctx: VoicemailContext,
  box: VoicemailBox,
): Promise<void> {
  const messages = await ctx.deps.store.list(box.id);
  const newCount = messages.filter((m) => !m.isRead).length;
  ctx.events.safeEmit('messagewaiting', {
    boxId: box.id,
    teamId: box.teamId,
    mailbox: box.extensionNumber,
    newCount,
    oldCount: messages.length - newCount,
  });
}

/** Says goodbye (when the caller is still there) and hangs up. */
export async function goodbye(
  ctx: VoicemailContext,
  prompter: LegPrompter,
  reason: VoicemailEndReason,
  messageId?: string,
): Promise<VoicemailOutcome> {
  if (!prompter.isHungUp) await prompter.play({ file: ctx.config.prompts.goodbye });
  await prompter.leg.hangup();
  prompter.dispose();
  return { kind: 'hangup', reason, messageId };
}
