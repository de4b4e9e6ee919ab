import { FakeClock } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl, type MediaLink } from '../../test/fakes/fake-media-control.ts';
import { TestCaller } from '../voicemail/test-caller.fixture.ts';
import type { ConferenceRoomConfig } from './conference-config.ts';
import { ConferenceRooms, type ConferenceOutcome } from './conference-rooms.ts';
import type { ConferenceMember, LeaveReason } from './live-room.ts';

/*
 * The ConferenceRooms under test with fakes for media, clock and the
 * originator, shared by conference-rooms-*.test.ts.
 */

/** Room 5 of team 7 with every option off. */
export const ROOM: ConferenceRoomConfig = {
  id: 5,
  teamId: 7,
  number: '6666',
  name: '黄山厅',
  userPin: null,
  adminPin: null,
  maxMembers: 0,
  waitForLeader: false,
  quietMode: true,
  announceJoinLeave: false,
  musicOnHold: false,
  enableMenu: false,
  announceUserCount: false,
  recordConference: false,
  talkerDetection: false,
  talkerOptimization: false,
};

/**
 * ConferenceRooms over FakeMediaControl holding one room: `room` overrides
 * ROOM. Returns the fakes, the events seen, and helpers to dial in.
 */
export function setup(room: Partial<ConferenceRoomConfig> = {}) {
  const media = new FakeMediaControl();
  const clock = new FakeClock();
  const config = { ...ROOM, ...room };
  const originator = new FakeOriginator();
  const rooms = new ConferenceRooms({
    media,
    clock,
    originator,
    directory: { conferenceRooms: { find: (id) => (id === config.id ? config : undefined) } },
  });
  const left: Array<[string, LeaveReason]> = [];
  const changed: ConferenceMember[] = [];
  const ended: number[] = [];
  rooms.on('memberleft', (m, reason) => left.push([m.number, reason]));
  rooms.on('memberchanged', (m) => changed.push(m));
  rooms.on('roomended', (e) => ended.push(e.roomId));
  let n = 0;
  /** A new caller dialling the room; `run` is its conference run. */
  const dial = (number = `100${++n}`) => {
    const leg = new FakeCallLeg('inbound', { uri: `sip:${number}@t`, number });
    const run: Promise<ConferenceOutcome> = rooms.run({
      callId: `call-${number}`,
      teamId: 7,
      leg,
      destination: { type: 'conference', targetId: config.id },
    });
    return { leg, run, caller: new TestCaller(leg, media) };
  };
  const joins = (leg: FakeCallLeg) =>
    media.links.filter(
      (l): l is Extract<MediaLink, { op: 'join' }> => l.op === 'join' && l.ref === leg.media,
    );
  const memberOf = (number: string) =>
    rooms.room(config.id)?.members.find((m) => m.number === number);
  return { media, clock, rooms, dial, joins, memberOf, left, changed, ended, config, originator };
}
