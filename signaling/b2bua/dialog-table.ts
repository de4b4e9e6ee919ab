/*
 * The B2BUA's dialogs by key (b2bua.ts): which call or application leg
 * each in-dialog request goes to.
 */
import type { SipRequest } from '../message/index.ts';
import { dialogKey } from '../dialog/index.ts';
import type { DialogEntry, DialogOwner } from './sip-call-leg.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';

/** Live dialogs, keyed by Call-ID and both tags, with their owners. */
export class DialogTable {
  private readonly dialogs = new Map<string, DialogEntry>();

  /** Live dialogs, for tests and metrics. */
  get size(): number {
    return this.dialogs.size;
  }

  /** The call and leg of the dialog with this key (Call-ID and tags). */
  get(key: string): DialogEntry | undefined {
    return this.dialogs.get(key);
  }

  /**
   * Routes in-dialog requests of `leg` to `owner`; the returned function
   * stops it, unless the dialog was given to another owner meanwhile (a
   * transferred leg is that call's now).
   */
  register(owner: DialogOwner, leg: SipDialogLeg): () => void {
    const key = leg.dialog?.key;
    if (key === undefined) return () => undefined;
    this.dialogs.set(key, { call: owner, leg });
    return () => {
      if (this.dialogs.get(key)?.call === owner) this.dialogs.delete(key);
    };
  }

  /** The dialog a request belongs to: Call-ID, our tag in To, theirs in From. */
  find(request: SipRequest): DialogEntry | undefined {
    const callId = request.callId();
    const local = request.toTag();
    const remote = request.fromTag();
    if (callId === undefined || local === undefined || remote === undefined) return undefined;
    return this.dialogs.get(dialogKey(callId, local, remote));
  }
}
