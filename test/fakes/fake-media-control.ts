import { TypedEmitter, err, ok, type Result } from '../../core/index.ts';
import type {
  MediaControl,
  MediaControlEvents,
  MediaError,
  MediaOperation,
} from '../../core/index.ts';

/** One call the B2BUA made into the media plane. */
export interface MediaCall {
  readonly op: 'offer' | 'answer' | 'update' | 'delete';
  readonly callId: string;
  readonly legId: string | undefined;
  readonly sdp: string | undefined;
}

const unsupported = (what: string): Result<never, MediaError> =>
  err({ code: 'ERR_MEDIA_INVALID_STATE', detail: `${what} is not faked` });

/**
 * A pass-through MediaControl: offer, answer and update return the SDP
 * unchanged and every call is recorded. `refuseNext` makes the next SDP
 * operation fail with ERR_SDP_NO_COMMON_CODEC (signalling answers 488).
 */
export class FakeMediaControl
  extends TypedEmitter<MediaControlEvents & { listenererror: [string, unknown] }>
  implements MediaControl
{
  readonly calls: MediaCall[] = [];
  refuseNext = false;

  offer(callId: string, legId: string, sdp: string) {
    return this.pass('offer', callId, legId, sdp);
  }

  answer(callId: string, legId: string, sdp: string) {
    return this.pass('answer', callId, legId, sdp);
  }

  update(callId: string, legId: string, sdp: string) {
    return this.pass('update', callId, legId, sdp);
  }

  delete(callId: string, legId?: string): Promise<Result<void, MediaError>> {
    this.calls.push({ op: 'delete', callId, legId, sdp: undefined });
    return Promise.resolve(ok(undefined));
  }

  play(): Promise<Result<MediaOperation, MediaError>> {
    return Promise.resolve(unsupported('play'));
  }

  record(): Promise<Result<MediaOperation, MediaError>> {
    return Promise.resolve(unsupported('record'));
  }

  mix(): Promise<Result<void, MediaError>> {
    return Promise.resolve(unsupported('mix'));
  }

  join(): Promise<Result<void, MediaError>> {
    return Promise.resolve(unsupported('join'));
  }

  unjoin(): Promise<Result<void, MediaError>> {
    return Promise.resolve(unsupported('unjoin'));
  }

  sendDtmf(): Promise<Result<void, MediaError>> {
    return Promise.resolve(unsupported('sendDtmf'));
  }

  private pass(
    op: 'offer' | 'answer' | 'update',
    callId: string,
    legId: string,
    sdp: string,
  ): Promise<Result<string, MediaError>> {
    this.calls.push({ op, callId, legId, sdp });
    if (this.refuseNext) {
      this.refuseNext = false;
      return Promise.resolve(err({ code: 'ERR_SDP_NO_COMMON_CODEC', detail: 'refused by test' }));
    }
    return Promise.resolve(ok(sdp));
  }
}
