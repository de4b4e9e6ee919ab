import type { MediaJoinOptions } from '../../core/index.ts';
import type { ScheduledStream } from '../endpoint/index.ts';
import { Mixer } from '../mixer/index.ts';
import type { MixerParty, MixerRole } from '../mixer/index.ts';
import type { MediaLeg, PcmListener } from './media-leg.ts';

interface Member {
  readonly party: MixerParty;
  readonly listener: PcmListener;
  readonly isHearing: boolean;
}

/** The mixer role of a MediaControl join role. */
function mixerRole(role: MediaJoinOptions['role']): MixerRole {
  return role === 'listen-only' ? 'listen' : 'party';
}

/**
 * A mixed room (conference, barge, whisper) on the media scheduler: each
 * member's decoded inbound audio is a mixer party's input, and every 20 ms
 * the N−1 mix is encoded and sent to each member that hears. While in a
 * room a leg originates the mix, so its peer's relayed audio is
 * suppressed; leaving the room restores the relay.
 */
export class ConferenceRoom implements ScheduledStream {
  readonly id: string;
  readonly mixer: Mixer;
  private readonly members = new Map<MediaLeg, Member>();
  private nextParty = 1;

  constructor(id: string, sampleRateHz: number) {
    this.id = id;
    this.mixer = new Mixer({ sampleRateHz });
  }

  get size(): number {
    return this.members.size;
  }

  has(leg: MediaLeg): boolean {
    return this.members.has(leg);
  }

  /** Adds a leg, or changes its role if it is in the room already. */
  add(leg: MediaLeg, role: MediaJoinOptions['role']): void {
    this.remove(leg);
    const party = this.mixer.addParty(`p${this.nextParty++}`, { role: mixerRole(role) });
    const listener: PcmListener = (pcm) => party.write(pcm);
    const isHearing = role !== 'speak-only';
    this.members.set(leg, { party, listener, isHearing });
    leg.inbound.add(listener);
    if (isHearing) leg.externalSource = `room:${this.id}`;
  }

  /** Takes a leg out; false if it was not in the room. */
  remove(leg: MediaLeg): boolean {
    const member = this.members.get(leg);
    if (member === undefined) return false;
    this.members.delete(leg);
    this.mixer.removeParty(member.party.id);
    leg.inbound.delete(member.listener);
    if (leg.externalSource === `room:${this.id}`) leg.externalSource = undefined;
    return true;
  }

  /** Mixes one frame and sends each hearing member its mix. */
  tick(): void {
    this.mixer.mix();
    for (const [leg, member] of this.members) {
      if (member.isHearing) leg.sendPcm(member.party.output);
    }
  }

  close(): void {
    for (const leg of [...this.members.keys()]) this.remove(leg);
    this.mixer.close();
  }
}
