import { describe, expect, it } from 'vitest';
import { err } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { PartyBridge } from './party-bridge.ts';

const party = (number: string) => ({ uri: `sip:${number}@t`, number });

async function threeWay(isKeepingA = false) {
  const media = new FakeMediaControl();
  const a = new FakeCallLeg('inbound', party('1000'));
  const b = new FakeCallLeg('outbound', party('1001'));
  const c = new FakeCallLeg('outbound', party('1002'));
  await a.answer();
  b.remoteAnswers();
  c.remoteAnswers();
  const started = await PartyBridge.start(media, a, b, { roomId: 'party:x', isKeepingA });
  if (!started.ok) throw new Error('bridge failed');
  return { media, a, b, c, bridge: started.value };
}

describe('PartyBridge', () => {
  it('Q-19 PartyBridge.start() → relays the two legs, like bridgeLegs()', async () => {
    const { media, a, b, bridge } = await threeWay();
    expect(bridge.state).toBe('bridged');
    expect(media.links).toEqual([{ op: 'mix', a: a.media, b: b.media }]);
  });

  it('Q-19 PartyBridge with two legs when b hangs up → a is hung up too', async () => {
    const { a, b, bridge } = await threeWay();
    b.remoteHangsUp({ reason: 'normal', q850: 16 });
    const end = await bridge.ended;
    expect(end.first).toBe(b);
    expect(end.kept).toBeUndefined();
    expect(a.state).toBe('terminated');
    expect(bridge.state).toBe('ended');
  });

  it('Q-19 PartyBridge with two legs and isKeepingA when b hangs up → a is kept (Q-17)', async () => {
    const { a, b, bridge } = await threeWay(true);
    b.remoteHangsUp();
    const end = await bridge.ended;
    expect(end.kept).toBe(a);
    expect(a.state).toBe('confirmed');
  });

  it('Q-19 PartyBridge.add() → all three legs join one room', async () => {
    const { media, a, b, c, bridge } = await threeWay();
    const added = await bridge.add(c);
    expect(added.ok).toBe(true);
    expect(bridge.state).toBe('conference');
    expect(media.links.slice(1)).toEqual([
      { op: 'join', ref: a.media, opts: { roomId: 'party:x' } },
      { op: 'join', ref: b.media, opts: { roomId: 'party:x' } },
      { op: 'join', ref: c.media, opts: { roomId: 'party:x' } },
    ]);
    expect(bridge.legs).toEqual([a, b, c]);
  });

  it('Q-19 PartyBridge in conference when one of three hangs up → the other two stay, in the room', async () => {
    const { media, a, b, c, bridge } = await threeWay();
    await bridge.add(c);
    b.remoteHangsUp();
    expect(await bridge.left(b)).toMatchObject({ q850: 16 });
    expect(a.state).toBe('confirmed');
    expect(c.state).toBe('confirmed');
    expect(bridge.state).toBe('conference');
    expect(bridge.legs).toEqual([a, c]);
    expect(media.links.filter((l) => l.op === 'unjoin')).toEqual([]);
  });

  it('Q-19 PartyBridge in conference when two of three hang up → the last is hung up', async () => {
    const { a, b, c, bridge } = await threeWay();
    await bridge.add(c);
    a.remoteHangsUp();
    c.remoteHangsUp({ reason: 'normal', q850: 16 });
    const end = await bridge.ended;
    expect(end.first).toBe(c);
    expect(b.state).toBe('terminated');
    expect(b.ops).toContain('hangup');
  });

  it('Q-19 PartyBridge in conference and isKeepingA when a is the last → a is kept, out of the room', async () => {
    const { media, a, b, c, bridge } = await threeWay(true);
    await bridge.add(c);
    b.remoteHangsUp();
    c.remoteHangsUp();
    const end = await bridge.ended;
    expect(end.kept).toBe(a);
    expect(a.state).toBe('confirmed');
    expect(media.links.at(-1)).toEqual({ op: 'unjoin', ref: a.media });
  });

  it('Q-19 PartyBridge.add() when a join fails → the two are relayed again, the new leg not taken', async () => {
    const { media, a, b, c, bridge } = await threeWay();
    let joins = 0;
    const join = media.join.bind(media);
    media.join = (ref, opts) => {
      if (++joins === 3) {
        return Promise.resolve(err({ code: 'ERR_MEDIA_INVALID_STATE' as const, detail: 'rate' }));
      }
      return join(ref, opts);
    };
    const added = await bridge.add(c);
    expect(added.ok).toBe(false);
    expect(bridge.state).toBe('bridged');
    expect(bridge.legs).toEqual([a, b]);
    expect(media.links.slice(-3)).toEqual([
      { op: 'unjoin', ref: a.media },
      { op: 'unjoin', ref: b.media },
      { op: 'mix', a: a.media, b: b.media },
    ]);
    expect(c.state).toBe('confirmed');
  });

  it('Q-19 PartyBridge.add() when the call is over → refused', async () => {
    const { a, c, bridge } = await threeWay();
    a.remoteHangsUp();
    await bridge.ended;
    expect((await bridge.add(c)).ok).toBe(false);
  });

  it('Q-19 PartyBridge.add() when a leg hangs up during the join → handled once the join is done', async () => {
    const { media, a, b, c, bridge } = await threeWay();
    const join = media.join.bind(media);
    media.join = async (ref, opts) => {
      const r = await join(ref, opts);
      if (ref === b.media) b.remoteHangsUp();
      return r;
    };
    expect((await bridge.add(c)).ok).toBe(true);
    expect(bridge.legs).toEqual([a, c]);
    expect(a.state).toBe('confirmed');
  });
});
