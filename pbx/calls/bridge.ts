import { err, ok, type Result } from '../../core/index.ts';
import type { CallLeg, HangupCause, MediaControl, MediaError } from '../../core/index.ts';

/** Why a bridge ended: which leg hung up first, and its cause. */
export interface BridgeEnd {
  readonly first: CallLeg;
  readonly cause: HangupCause;
  /**
   * The leg left up because the bridge was asked to keep it (`isKeepingA`
   * and `b` hung up first); undefined when both legs are gone.
   */
  readonly kept: CallLeg | undefined;
}

/** Two answered legs talking to each other. */
export interface Bridge {
  /** Settles when either leg hangs up; the other is then gone too, unless kept. */
  readonly ended: Promise<BridgeEnd>;
}

/** Options of bridgeLegs(). */
export interface BridgeOptions {
  /**
   * When `b` hangs up first, leave `a` (the caller) up for the application
   * to go on with: a rating or an IVR follow-up (IVR-9). `a`
   * hanging up first still ends `b`. False unless given.
   */
  readonly isKeepingA?: boolean | undefined;
}

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };

/**
 * Connects two answered legs through the media plane (MediaControl.mix)
 * and ties their lives together: when one hangs up, the other is hung up
 * with a normal clearing (Q.850 16), as a B2BUA does with BYE (RFC 3261
 * §15), unless `isKeepingA` keeps `a`. A leg already gone ends the bridge
 * at once.
 */
export async function bridgeLegs(
  media: MediaControl,
  a: CallLeg,
  b: CallLeg,
  opts: BridgeOptions = {},
): Promise<Result<Bridge, MediaError>> {
  const mixed = await media.mix(a.media, b.media);
  if (!mixed.ok) return err(mixed.error);
  const ended = new Promise<BridgeEnd>((resolve) => {
    let isDone = false;
    const finish = (first: CallLeg, cause: HangupCause) => {
      if (isDone) return;
      isDone = true;
      a.off('hangup', onA);
      b.off('hangup', onB);
      if (first === b && opts.isKeepingA === true && a.state !== 'terminated') {
        // The media plane unpeers `a` when `b`'s session closes, so `a`
        // hears nothing of the old bridge and can be played to at once.
        resolve({ first, cause, kept: a });
        return;
      }
      const other = first === a ? b : a;
      void other.hangup(NORMAL).then(() => resolve({ first, cause, kept: undefined }));
    };
    const onA = (cause: HangupCause) => finish(a, cause);
    const onB = (cause: HangupCause) => finish(b, cause);
    a.on('hangup', onA);
    b.on('hangup', onB);
    if (a.state === 'terminated') finish(a, NORMAL);
    else if (b.state === 'terminated') finish(b, NORMAL);
  });
  return ok({ ended });
}
