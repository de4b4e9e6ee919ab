import type { MediaOfferOptions } from '../../core/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import type { LegSide } from './sip-dialog-leg.ts';

/** The MediaControl operation an SDP body goes through. */
export type MediaOp = 'offer' | 'answer' | 'update';

/**
 * Passes SDP from `side` of call `callId` through the media plane;
 * without one, or without a body, it goes through as is. Undefined means
 * refused (the caller answers 488). Errors are logged, never thrown
 * (STYLE §4.8). `modes` say how `side`'s party and the other take keys (D88);
 * `isWebRtc` asks for a WebRTC offer for the other side (a browser, D35).
 */
export async function transformSdp(
  ctx: B2buaContext,
  callId: string,
  op: MediaOp,
  side: LegSide,
  body: Buffer,
  modes: Pick<MediaOfferOptions, 'dtmfMode' | 'peerDtmfMode'>,
  isWebRtc?: boolean,
): Promise<Buffer | undefined> {
  const media = ctx.media;
  if (media === undefined || body.length === 0) return body;
  const peerLegId = side === 'a' ? 'b' : 'a';
  try {
    const opts: MediaOfferOptions = {
      peerLegId,
      ...(modes.dtmfMode === undefined ? {} : { dtmfMode: modes.dtmfMode }),
      ...(op === 'answer' || modes.peerDtmfMode === undefined
        ? {}
        : { peerDtmfMode: modes.peerDtmfMode }),
      ...(isWebRtc === true ? { isWebRtc } : {}),
    };
    const r = await media[op](callId, side, body.toString('utf8'), opts);
    if (r.ok) return Buffer.from(r.value, 'utf8');
    ctx.logger.warn({ callId, op, error: r.error }, 'media refused SDP');
  } catch (err) {
    ctx.logger.error({ err, callId, op }, 'media control failed');
  }
  return undefined;
}
