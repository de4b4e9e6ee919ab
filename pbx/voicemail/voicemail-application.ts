import { TypedEmitter } from '../../core/index.ts';
import { leaveMessage } from './leave-message.ts';
import { checkMailbox } from './mailbox-menu.ts';
import { DEFAULT_VOICEMAIL_CONFIG, type VoicemailConfig } from './voicemail-config.ts';
import type {
  VoicemailCall,
  VoicemailContext,
  VoicemailDeps,
  VoicemailEvents,
  VoicemailOutcome,
} from './voicemail-context.ts';

/**
 * Voicemail (spec 01 §2.9): run() leaves a message in the box a
 * `voicemail` Destination names (VM-1, VM-3); check() lets the owner
 * listen by phone (VM-4, feature codes *97 and *98 of spec 04 §15.9).
 * Emits 'messagewaiting' on every change of a box's counts, for RFC 3842
 * message-summary NOTIFYs.
 */
export class VoicemailApplication extends TypedEmitter<VoicemailEvents> {
  readonly #ctx: VoicemailContext;

  constructor(deps: VoicemailDeps, config: Partial<VoicemailConfig> = {}) {
    super(deps.logger);
    this.#ctx = { deps, config: { ...DEFAULT_VOICEMAIL_CONFIG, ...config }, events: this };
  }

  /** Leaves a message in box `call.destination.targetId`. */
  async run(call: VoicemailCall): Promise<VoicemailOutcome> {
    const id = call.destination.targetId;
    const box = id !== undefined ? this.#ctx.deps.directory.voicemailBoxes.find(id) : undefined;
    if (box === undefined || box.teamId !== call.teamId) {
      await call.leg.hangup({ reason: 'not-found', q850: 1, sipStatus: 404 });
      return { kind: 'hangup', reason: 'box-not-found' };
    }
    return leaveMessage(this.#ctx, call, box);
  }

  /**
   * Listens to a mailbox: `boxId` for the caller's own box (*97), none to
   * ask for the mailbox number (*98).
   */
  async check(call: VoicemailCall, boxId?: number): Promise<VoicemailOutcome> {
    if (boxId !== undefined) {
      const box = this.#ctx.deps.directory.voicemailBoxes.find(boxId);
      if (box === undefined || box.teamId !== call.teamId) {
        await call.leg.hangup({ reason: 'not-found', q850: 1, sipStatus: 404 });
        return { kind: 'hangup', reason: 'box-not-found' };
      }
    }
    return checkMailbox(this.#ctx, call, boxId);
  }
}
