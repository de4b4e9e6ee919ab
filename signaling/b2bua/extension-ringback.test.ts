import { describe, expect, test } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import type { B2buaContext } from './b2bua-context.ts';
import { ExtensionRingback } from './extension-ringback.ts';
import type { InboundLeg } from './inbound-leg.ts';

const OFFER = Buffer.from('v=0\r\ncaller offer\r\n');
const SOURCE = { moh: 'ringback', teamId: 7 };

function setup() {
  const media = new FakeMediaControl();
  const ctx = { logger: silentLogger(), media } as unknown as B2buaContext;
  const sent: Array<{ status: number; body: string | undefined }> = [];
  const caller = {
    provisional: (status: number, body?: Buffer) => sent.push({ status, body: body?.toString() }),
  } as unknown as InboundLeg;
  return { media, ctx, sent, caller };
}

describe('ExtensionRingback (EXT-13)', () => {
  test('EXT-13 for() without a source, a media plane or an offer → undefined (the 180 is relayed)', () => {
    const { ctx } = setup();
    expect(ExtensionRingback.for(ctx, 'c1', undefined, OFFER)).toBeUndefined();
    expect(ExtensionRingback.for(ctx, 'c1', SOURCE, Buffer.alloc(0))).toBeUndefined();
    const noMedia = { ...ctx, media: undefined } as B2buaContext;
    expect(ExtensionRingback.for(noMedia, 'c1', SOURCE, OFFER)).toBeUndefined();
  });

  test('EXT-13 prepare(), start(), connect() → local answer to A, own offer to B; 183 and music; music stops, B accepted, legs mixed, 200 SDP = 183 SDP', async () => {
    const { media, ctx, sent, caller } = setup();
    const ringback = ExtensionRingback.for(ctx, 'c1', SOURCE, OFFER)!;
    const offer = await ringback.prepare(OFFER);
    expect(offer?.toString()).toContain('v=0');
    expect(media.calls.map((c) => [c.op, c.legId])).toEqual([
      ['answerLocal', 'a'],
      ['offerLocal', 'b'],
    ]);
    await ringback.start(caller);
    await ringback.start(caller);
    expect(sent).toEqual([{ status: 183, body: OFFER.toString() }]);
    const [music] = media.running({ callId: 'c1', legId: 'a' }, 'play');
    expect(music?.source).toEqual(SOURCE);
    const answer = await ringback.connect(Buffer.from('callee answer'));
    expect(answer?.toString()).toBe(sent[0]!.body);
    expect(music?.isEnded).toBe(true);
    expect(media.calls.at(-1)).toMatchObject({ op: 'accept', legId: 'b', sdp: 'callee answer' });
    expect(media.links).toEqual([
      { op: 'mix', a: { callId: 'c1', legId: 'a' }, b: { callId: 'c1', legId: 'b' } },
    ]);
  });

  test('EXT-13 stop() before the callee rang → no 183, no music', async () => {
    const { media, ctx, sent, caller } = setup();
    const ringback = ExtensionRingback.for(ctx, 'c1', SOURCE, OFFER)!;
    await ringback.prepare(OFFER);
    await ringback.stop();
    await ringback.start(caller);
    expect(sent).toEqual([]);
    expect(media.operations).toEqual([]);
  });

  test('EXT-13 prepare() when the media plane refuses the caller’s offer → undefined', async () => {
    const { media, ctx } = setup();
    media.refuseNext = true;
    const ringback = ExtensionRingback.for(ctx, 'c1', SOURCE, OFFER)!;
    expect(await ringback.prepare(OFFER)).toBeUndefined();
  });
});
