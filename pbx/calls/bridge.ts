import { err, ok, type Result } from '../../core/index.ts';
import type { CallLeg, HangupCause, MediaControl, MediaError } from '../../core/index.ts';

/** Why a bridge ended: which leg hung up first, and its cause. */
export interface BridgeEnd {
  readonly first: CallLeg;
  readonly cause: HangupCause;
}

/** Two answered legs talking to each other. */
export interface Bridge {
  /** Settles when either leg hangs up; the other has then been hung up too. */
  readonly ended: Promise<BridgeEnd>;
}

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };

/**
 * Connects two answered legs through the media plane (MediaControl.mix)
 * and ties their lives together: when one hangs up, the other is hung up
 * with a normal clearing (Q.850 16), as a B2BUA does with BYE (RFC 3261
 * §15). A leg already gone ends the bridge at once.
 */
export async function bridgeLegs(
  media: MediaControl,
  a: CallLeg,
  b: CallLeg,
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
      const other = first === a ? b : a;
      void other.hangup(NORMAL).then(() => resolve({ first, cause }));
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
