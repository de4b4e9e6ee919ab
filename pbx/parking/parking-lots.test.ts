import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import type { ApplicationCall, Destination } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { ParkingLots, type ParkingLotConfig, type SlotEvent } from './parking-lots.ts';

const LOT: ParkingLotConfig = {
  id: 3,
  teamId: 1,
  firstSlot: 701,
  slotCount: 2,
  parkingTimeoutS: 45,
  moh: { moh: 'default', teamId: 1 },
  timeoutDestination: undefined,
};

function setUp(lot: Partial<ParkingLotConfig> = {}) {
  const media = new FakeMediaControl();
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const config = { ...LOT, ...lot };
  const parking = new ParkingLots({
    media,
    clock,
    directory: {
      parkingLots: { find: (id) => (id === config.id ? config : undefined) },
      extensionIdOf: (_teamId, number) => (number === '1002' ? 42 : undefined),
    },
  });
  const events: SlotEvent[] = [];
  parking.on('slot', (e) => events.push(e));
  const call = (
    number: string,
    extra: Partial<ApplicationCall> = {},
  ): ApplicationCall & { leg: FakeCallLeg } => {
    const leg = new FakeCallLeg('inbound', { uri: `sip:${number}@t`, number });
    return {
      callId: `call-${number}`,
      teamId: 1,
      dialled: '700',
      destination: { type: 'application', targetValue: 'park:3' },
      ...extra,
      leg,
    };
  };
  return { media, clock, parking, events, call };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

/** Ends the slot-number announcement so that music on hold starts. */
async function finishAnnouncement(media: FakeMediaControl, leg: FakeCallLeg): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await settle();
    const prompt = media.running(leg.media, 'play').find((o) => o.playOptions?.loop !== true);
    if (prompt === undefined) return;
    prompt.end('completed');
  }
}

describe('ParkingLots', () => {
  it('park() when the lot has room → answered, lowest slot, its number said, then music on hold in a loop', async () => {
    const { media, parking, events, call } = setUp();
    const c = call('2001');
    void parking.park(c, 3);
    await settle();
    expect(c.leg.ops).toEqual(['answer']);
    expect(events).toMatchObject([{ teamId: 1, number: '701', state: 'occupied' }]);
    expect(events[0]!.call).toMatchObject({ callerNumber: '2001', slot: '701', lotId: 3 });
    await finishAnnouncement(media, c.leg);
    const sources = media.operations.map((o) => o.source);
    expect(sources).toEqual([
      { file: 'digits/7' },
      { file: 'digits/0' },
      { file: 'digits/1' },
      { moh: 'default', teamId: 1 },
    ]);
    expect(media.running(c.leg.media, 'play')[0]!.playOptions).toEqual({ loop: true });
    expect(parking.slots(3).map((p) => p.slot)).toEqual(['701']);
    expect(parking.occupantOf(1, '701')?.callId).toBe('call-2001');
  });

  it('retrieve() of an occupied slot → retriever answered and bridged, music stopped, slot idle', async () => {
    const { media, parking, events, call } = setUp();
    const parked = call('2001');
    const parkedRun = parking.park(parked, 3);
    await finishAnnouncement(media, parked.leg);
    const retriever = call('1003', { dialled: '701' });
    const retrieval = parking.retrieve(retriever, 3, '701');
    await settle();
    expect(retriever.leg.ops).toEqual(['answer']);
    expect(media.running(parked.leg.media, 'play')).toEqual([]);
    expect(media.links).toEqual([{ op: 'mix', a: retriever.leg.media, b: parked.leg.media }]);
    expect(events.map((e) => e.state)).toEqual(['occupied', 'idle']);
    expect(parking.slots(3)).toEqual([]);
    retriever.leg.remoteHangsUp();
    await expect(retrieval).resolves.toEqual({ kind: 'done' });
    await expect(parkedRun).resolves.toEqual({ kind: 'done' });
    expect(parked.leg.state).toBe('terminated');
  });

  it('retrieve() of an empty slot → hung up as unavailable (480), nothing bridged', async () => {
    const { media, parking, call } = setUp();
    const retriever = call('1003');
    await expect(parking.retrieve(retriever, 3, '702')).resolves.toEqual({ kind: 'done' });
    expect(retriever.leg.actions).toEqual([
      { op: 'hangup', cause: { reason: 'unavailable', q850: 20, sipStatus: 480 } },
    ]);
    expect(media.links).toEqual([]);
  });

  it('park() after the timeout with a REFER parker → goes to the parker’s extension, music stopped', async () => {
    const { media, clock, parking, events, call } = setUp();
    const c = call('2001', { referredBy: { number: '1002' } });
    const run = parking.park(c, 3);
    await finishAnnouncement(media, c.leg);
    clock.tick(44_999);
    await settle();
    expect(parking.slots(3)).toHaveLength(1);
    clock.tick(1);
    await expect(run).resolves.toEqual({
      kind: 'destination',
      destination: { type: 'extension', targetId: 42 },
    });
    expect(media.running(c.leg.media)).toEqual([]);
    expect(c.leg.state).toBe('confirmed');
    expect(events.map((e) => e.state)).toEqual(['occupied', 'idle']);
    expect(parking.slots(3)).toEqual([]);
  });

  it('park() after the timeout when the lot has a timeout destination → that destination', async () => {
    const queue: Destination = { type: 'queue', targetId: 9 };
    const { clock, parking, call } = setUp({ timeoutDestination: queue, parkingTimeoutS: 10 });
    const run = parking.park(call('2001', { referredBy: { number: '1002', extensionId: 5 } }), 3);
    await settle();
    clock.tick(10_000);
    await expect(run).resolves.toEqual({ kind: 'destination', destination: queue });
  });

  it('park() after the timeout with no parker known (dialled directly) → hangup destination', async () => {
    const { clock, parking, call } = setUp();
    const run = parking.park(call('2001'), 3);
    await settle();
    clock.tick(45_000);
    await expect(run).resolves.toEqual({ kind: 'destination', destination: { type: 'hangup' } });
  });

  it('park() when the parked caller hangs up → slot freed and idle, timer gone', async () => {
    const { media, clock, parking, events, call } = setUp();
    const c = call('2001');
    const run = parking.park(c, 3);
    await finishAnnouncement(media, c.leg);
    c.leg.remoteHangsUp();
    await expect(run).resolves.toEqual({ kind: 'done' });
    expect(parking.slots(3)).toEqual([]);
    expect(events.map((e) => e.state)).toEqual(['occupied', 'idle']);
    expect(media.running(c.leg.media)).toEqual([]);
    clock.tick(60_000);
    await settle();
    expect(events).toHaveLength(2);
    const next = call('2002');
    void parking.park(next, 3);
    await settle();
    expect(parking.slots(3).map((p) => p.slot)).toEqual(['701']);
  });

  it('park() when every slot is taken → congestion (503), the others stay parked', async () => {
    const { parking, call } = setUp();
    void parking.park(call('2001'), 3);
    void parking.park(call('2002'), 3);
    await settle();
    const third = call('2003');
    await expect(parking.park(third, 3)).resolves.toEqual({ kind: 'done' });
    expect(third.leg.actions).toEqual([
      { op: 'hangup', cause: { reason: 'congestion', q850: 34, sipStatus: 503 } },
    ]);
    expect(parking.slots(3).map((p) => p.slot)).toEqual(['701', '702']);
  });

  it('park() into a lot of another team → 404, no slot taken', async () => {
    const { parking, call } = setUp();
    const c = call('2001', { teamId: 2 });
    await parking.park(c, 3);
    expect(c.leg.actions[0]).toMatchObject({ op: 'hangup', cause: { sipStatus: 404 } });
    expect(parking.slots(3)).toEqual([]);
  });

  it('park() when the answer fails → slot freed without lighting the lamp', async () => {
    const { parking, events, call } = setUp();
    const c = call('2001');
    c.leg.failNextAnswer = true;
    await expect(parking.park(c, 3)).resolves.toEqual({ kind: 'done' });
    expect(parking.slots(3)).toEqual([]);
    expect(events).toEqual([]);
  });

  it('park() when the caller hangs up during the announcement → the prompt is stopped, no music starts', async () => {
    const { media, parking, call } = setUp();
    const c = call('2001');
    const run = parking.park(c, 3);
    await settle();
    c.leg.remoteHangsUp();
    await run;
    await finishAnnouncement(media, c.leg);
    expect(media.operations.some((o) => o.playOptions?.loop === true)).toBe(false);
    expect(media.running(c.leg.media)).toEqual([]);
  });
});
