import { describe, expect, it } from 'vitest';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { bridgeLegs } from './bridge.ts';

const party = (number: string) => ({ uri: `sip:${number}@t`, number });

describe('bridgeLegs()', () => {
  it('bridgeLegs() when both legs are up → mixes their media', async () => {
    const media = new FakeMediaControl();
    const a = new FakeCallLeg('inbound', party('1000'));
    const b = new FakeCallLeg('outbound', party('1001'));
    const r = await bridgeLegs(media, a, b);
    expect(r.ok).toBe(true);
    expect(media.links).toEqual([{ op: 'mix', a: a.media, b: b.media }]);
  });

  it('bridgeLegs() when one leg hangs up → hangs up the other and reports who and why', async () => {
    const media = new FakeMediaControl();
    const a = new FakeCallLeg('inbound', party('1000'));
    const b = new FakeCallLeg('outbound', party('1001'));
    const r = await bridgeLegs(media, a, b);
    if (!r.ok) throw new Error('bridge failed');
    b.remoteHangsUp({ reason: 'busy', q850: 17 });
    const end = await r.value.ended;
    expect(end.first).toBe(b);
    expect(end.cause.q850).toBe(17);
    expect(a.state).toBe('terminated');
    expect(a.ops).toEqual(['hangup']);
  });

  it('bridgeLegs() when a leg is already gone → ends at once', async () => {
    const media = new FakeMediaControl();
    const a = new FakeCallLeg('inbound', party('1000'));
    const b = new FakeCallLeg('outbound', party('1001'));
    a.remoteHangsUp();
    const r = await bridgeLegs(media, a, b);
    if (!r.ok) throw new Error('bridge failed');
    expect((await r.value.ended).first).toBe(a);
    expect(b.state).toBe('terminated');
  });

  it('bridgeLegs() when isKeepingA and b hangs up first → a stays up and is reported kept (Q-17, IVR-9)', async () => {
    const media = new FakeMediaControl();
    const a = new FakeCallLeg('inbound', party('1000'));
    const b = new FakeCallLeg('outbound', party('1001'));
    await a.answer();
    const r = await bridgeLegs(media, a, b, { isKeepingA: true });
    if (!r.ok) throw new Error('bridge failed');
    b.remoteHangsUp();
    const end = await r.value.ended;
    expect(end.first).toBe(b);
    expect(end.kept).toBe(a);
    expect(a.state).toBe('confirmed');
    expect(a.ops).not.toContain('hangup');
  });

  it('bridgeLegs() when isKeepingA and a hangs up first → b is hung up, nothing kept', async () => {
    const media = new FakeMediaControl();
    const a = new FakeCallLeg('inbound', party('1000'));
    const b = new FakeCallLeg('outbound', party('1001'));
    const r = await bridgeLegs(media, a, b, { isKeepingA: true });
    if (!r.ok) throw new Error('bridge failed');
    a.remoteHangsUp();
    const end = await r.value.ended;
    expect(end.first).toBe(a);
    expect(end.kept).toBeUndefined();
    expect(b.state).toBe('terminated');
  });

  it('bridgeLegs() without isKeepingA when b hangs up → a is hung up too (the default)', async () => {
    const media = new FakeMediaControl();
    const a = new FakeCallLeg('inbound', party('1000'));
    const b = new FakeCallLeg('outbound', party('1001'));
    const r = await bridgeLegs(media, a, b);
    if (!r.ok) throw new Error('bridge failed');
    b.remoteHangsUp();
    expect((await r.value.ended).kept).toBeUndefined();
    expect(a.state).toBe('terminated');
  });
});
