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

/** Called when a member starts or stops talking (spec 02 CF-9). */
export type RoomTalkListener = (leg: MediaLeg, isTalking: boolean) => void;

/**
 * A mixed room (conference, barge, whisper) on the media scheduler: each
 * member's decoded inbound audio is a mixer party's input, and every 20 ms
 * the N−1 mix is encoded and sent to each member that hears. While in a
 * room a leg originates the mix, so its peer's relayed audio is
 * suppressed; leaving the room restores the relay. `mixListeners` get the
 * full mix of every tick (room recordings); `closeListeners` run once when
 * the room closes.
 */
export class ConferenceRoom implements ScheduledStream {
  readonly id: string;
  readonly mixer: Mixer;
  readonly mixListeners = new Set<PcmListener>();
  readonly closeListeners = new Set<() => void>();
  private readonly members = new Map<MediaLeg, Member>();
  private readonly byParty = new Map<string, MediaLeg>();
  private nextParty = 1;
  private closed = false;

  constructor(id: string, sampleRateHz: number, onTalk?: RoomTalkListener) {
    this.id = id;
    this.mixer = new Mixer({ sampleRateHz });
    if (onTalk !== undefined) {
      const report = (partyId: string, isTalking: boolean) => {
        const leg = this.byParty.get(partyId);
        if (leg !== undefined) onTalk(leg, isTalking);
      };
      this.mixer.on('talking', (partyId) => report(partyId, true));
      this.mixer.on('quiet', (partyId) => report(partyId, false));
    }
  }

  get size(): number {
    return this.members.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  has(leg: MediaLeg): boolean {
    return this.members.has(leg);
  }

  /** Adds a leg, or changes its role if it is in the room already. */
  add(leg: MediaLeg, opts: Pick<MediaJoinOptions, 'role' | 'isMixedOnlyWhileTalking'>): void {
    this.remove(leg);
    const party = this.mixer.addParty(`p${this.nextParty++}`, {
      role: mixerRole(opts.role),
      isMixedOnlyWhileTalking: opts.isMixedOnlyWhileTalking ?? false,
    });
    const listener: PcmListener = (pcm) => party.write(pcm);
    const isHearing = opts.role !== 'speak-only';
    this.members.set(leg, { party, listener, isHearing });
    this.byParty.set(party.id, leg);
    leg.inbound.add(listener);
    if (isHearing) leg.externalSource = `room:${this.id}`;
  }

  /** Takes a leg out; false if it was not in the room. */
  remove(leg: MediaLeg): boolean {
    const member = this.members.get(leg);
    if (member === undefined) return false;
    this.members.delete(leg);
    this.byParty.delete(member.party.id);
    this.mixer.removeParty(member.party.id);
    leg.inbound.delete(member.listener);
    if (leg.externalSource === `room:${this.id}`) leg.externalSource = undefined;
    return true;
  }

  /** Mixes one frame, sends each hearing member its mix, and hands on the full mix. */
  tick(): void {
    this.mixer.mix();
    for (const [leg, member] of this.members) {
      if (member.isHearing) leg.sendPcm(member.party.output);
    }
    for (const listener of this.mixListeners) listener(this.mixer.commonMix);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const leg of [...this.members.keys()]) this.remove(leg);
    this.mixer.close();
    for (const listener of [...this.closeListeners]) listener();
    this.closeListeners.clear();
    this.mixListeners.clear();
  }
}
