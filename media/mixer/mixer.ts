import { InvalidStateError, TypedEmitter, ValidationError } from '../../core/index.ts';
import type { Logger } from '../../core/index.ts';
import { MixerParty } from './mixer-party.ts';
import type { MixerPartyOptions, MixerRole } from './mixer-party.ts';
import { DEFAULT_TALK_DBOV, dbovToMeanSquare } from './talk-detector.ts';
import type { TalkDetectorOptions } from './talk-detector.ts';

/** Events of a Mixer, emitted after the mix() that saw the change. */
export type MixerEvents = {
  talking: [partyId: string];
  quiet: [partyId: string];
  listenererror: [event: string, error: unknown];
};

/** Settings of a Mixer. */
export interface MixerOptions {
  readonly sampleRateHz: number;
  /** Frame duration; 20 unless given. */
  readonly frameMs?: number;
  /** Talk detection of every party. */
  readonly talk?: TalkDetectorOptions;
  readonly logger?: Logger;
}

/**
 * The most parties: 4096 inputs at the highest gain (16) of a full-scale
 * sample, 4096 × 16 × 32768 = 2^31, still fit the 32-bit accumulator.
 */
export const MAX_MIXER_PARTIES = 4096;

/**
 * An N-party conference mixer on fixed-size PCM frames. Each tick it sums
 * what every party heard by all says into one 32-bit total, then gives
 * each party total − own contribution (the N−1 mix) in 2N passes over the
 * frame instead of N², saturating to 16 bits only at the end. Listening
 * supervisors hear the call and are heard by no one; a whisper is added
 * only to its target's output. A party that adds nothing to the common mix
 * and gets no whisper hears the common mix itself; `commonMix` holds it,
 * so an endpoint can encode it once for all such parties.
 *
 * mix() allocates nothing: every buffer is made when a party is added.
 */
export class Mixer extends TypedEmitter<MixerEvents> {
  readonly sampleRateHz: number;
  readonly frameSamples: number;
  /** The saturated sum of everything heard by all, after mix(). */
  readonly commonMix: Int16Array;
  private readonly total: Int32Array;
  private readonly talkOptions: TalkDetectorOptions;
  /** Mean square at which a frame counts as speech. */
  private readonly talkThreshold: number;
  private parties: MixerParty[] = [];
  private readonly byId = new Map<string, MixerParty>();
  private isClosed = false;

  constructor(options: MixerOptions) {
    super(options.logger);
    this.sampleRateHz = options.sampleRateHz;
    this.frameSamples = (options.sampleRateHz * (options.frameMs ?? 20)) / 1000;
    if (!Number.isInteger(this.frameSamples) || this.frameSamples <= 0) {
      throw new ValidationError('frameMs', `no whole frame of samples at ${this.sampleRateHz} Hz`);
    }
    this.total = new Int32Array(this.frameSamples);
    this.commonMix = new Int16Array(this.frameSamples);
    this.talkOptions = options.talk ?? {};
    this.talkThreshold = dbovToMeanSquare(this.talkOptions.thresholdDbov ?? DEFAULT_TALK_DBOV);
  }

  /** Number of parties. */
  get partyCount(): number {
    return this.parties.length;
  }

  /** The party `id`, if present. */
  party(id: string): MixerParty | undefined {
    return this.byId.get(id);
  }

  /** Adds a party; throws ValidationError for a duplicate id or a bad role. */
  addParty(id: string, options: MixerPartyOptions = {}): MixerParty {
    this.checkOpen();
    if (this.byId.has(id)) throw new ValidationError('id', `party ${id} is already in the mixer`);
    if (this.parties.length >= MAX_MIXER_PARTIES) {
      throw new ValidationError('id', `the mixer holds at most ${MAX_MIXER_PARTIES} parties`);
    }
    const party = new MixerParty(id, this.frameSamples, options, this.talkOptions);
    this.parties.push(party);
    this.byId.set(id, party);
    try {
      this.setRole(id, party.role, options.targetId);
    } catch (error) {
      this.removeParty(id);
      throw error;
    }
    return party;
  }

  /** Removes a party; whispers aimed at it go to no one. Returns false if absent. */
  removeParty(id: string): boolean {
    const party = this.byId.get(id);
    if (party === undefined) return false;
    this.byId.delete(id);
    this.parties = this.parties.filter((p) => p !== party);
    for (const p of this.parties) if (p.whisperTarget === party) p.setRoleState(p.role, undefined);
    return true;
  }

  /**
   * Changes what `id` hears and who hears it; 'whisper' needs `targetId`,
   * the party (usually the agent) that alone hears the whisperer.
   */
  setRole(id: string, role: MixerRole, targetId?: string): void {
    this.checkOpen();
    const party = this.byId.get(id);
    if (party === undefined) throw new ValidationError('id', `no party ${id} in the mixer`);
    if (role !== 'whisper') {
      party.setRoleState(role, undefined);
      return;
    }
    const target = targetId === undefined ? undefined : this.byId.get(targetId);
    if (target === undefined || target === party) {
      throw new ValidationError('targetId', `whisper from ${id} needs another party as target`);
    }
    target.whisperSum ??= new Int32Array(this.frameSamples);
    party.setRoleState(role, target);
  }

  /**
   * Mixes one frame: consumes every party's input and fills every party's
   * output, then emits the talk events of this tick.
   */
  mix(): void {
    this.checkOpen();
    const parties = this.parties;
    const n = this.frameSamples;
    const total = this.total;
    total.fill(0);
    let changes = 0;
    for (let k = 0; k < parties.length; k++) {
      const party = parties[k]!;
      party.isInCommonMix = false;
      if (party.hasInput) {
        this.takeInput(party);
      } else {
        party.lastMeanSquare = 0;
        party.talkChange = party.talkDetector.update(false);
      }
      party.hasInput = false;
      if (party.talkChange !== 0) changes++;
    }
    const common = this.commonMix;
    for (let i = 0; i < n; i++) common[i] = saturate(total[i]!);
    for (let k = 0; k < parties.length; k++) this.fillOutput(parties[k]!);
    if (changes > 0) this.emitTalkChanges();
  }

  /** Drops every party and listener; later calls throw InvalidStateError. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.parties = [];
    this.byId.clear();
    this.removeAllListeners();
  }

  /**
   * Scales the party's input by its gain into its contribution and adds
   * that to the common total or to its whisper target, and updates its
   * talk detection. Stores the input's mean square, measured before gain
   * and mute, in the party: returning a double from a call that is not
   * inlined would box it on the heap. A talker-optimised party is measured
   * first and added only on a loud frame or while it talks.
   */
  private takeInput(party: MixerParty): void {
    const input = party.input;
    const n = input.length;
    const target = party.whisperTarget;
    const isSpeaking =
      !party.isMuted && party.gain > 0 && (party.isHeardByAll || target !== undefined);
    if (!isSpeaking || party.isMixedOnlyWhileTalking) {
      let energy = 0;
      for (let i = 0; i < n; i++) energy += input[i]! * input[i]!;
      party.lastMeanSquare = energy / n;
      const isLoud = party.lastMeanSquare >= this.talkThreshold;
      party.talkChange = party.talkDetector.update(isLoud);
      if (isSpeaking && (isLoud || party.talkDetector.isTalking)) this.addInput(party);
      return;
    }
    this.addInput(party);
    party.talkChange = party.talkDetector.update(party.lastMeanSquare >= this.talkThreshold);
  }

  /**
   * Adds the party's gain-scaled input to its sum and stores the input's
   * mean square in the party (a field, not a return value, for the reason
   * given at takeInput()).
   */
  private addInput(party: MixerParty): void {
    const input = party.input;
    const contribution = party.contribution;
    const n = input.length;
    const gain = party.gain;
    const target = party.whisperTarget;
    let energy = 0;
    const sum = party.isHeardByAll ? this.total : target!.whisperSum!;
    if (gain === 1) {
      for (let i = 0; i < n; i++) {
        const s = input[i]!;
        energy += s * s;
        contribution[i] = s;
        sum[i] = sum[i]! + s;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const s = input[i]!;
        energy += s * s;
        const c = Math.round(s * gain);
        contribution[i] = c;
        sum[i] = sum[i]! + c;
      }
    }
    if (party.isHeardByAll) party.isInCommonMix = true;
    else target!.hasWhisper = true;
    party.lastMeanSquare = energy / n;
  }

  private fillOutput(party: MixerParty): void {
    const out = party.output;
    const total = this.total;
    const n = out.length;
    const whisper = party.hasWhisper ? party.whisperSum! : undefined;
    if (party.isInCommonMix) {
      const own = party.contribution;
      if (whisper === undefined) {
        for (let i = 0; i < n; i++) out[i] = saturate(total[i]! - own[i]!);
      } else {
        for (let i = 0; i < n; i++) out[i] = saturate(total[i]! - own[i]! + whisper[i]!);
      }
    } else if (whisper === undefined) {
      out.set(this.commonMix);
    } else {
      for (let i = 0; i < n; i++) out[i] = saturate(total[i]! + whisper[i]!);
    }
    if (whisper !== undefined) {
      whisper.fill(0);
      party.hasWhisper = false;
    }
  }

  /** Emits after the mix so a listener may add or remove parties safely. */
  private emitTalkChanges(): void {
    const parties = this.parties;
    for (let k = 0; k < parties.length; k++) {
      const party = parties[k]!;
      const change = party.talkChange;
      if (change === 0) continue;
      party.talkChange = 0;
      this.safeEmit(change > 0 ? 'talking' : 'quiet', party.id);
    }
  }

  private checkOpen(): void {
    if (this.isClosed) throw new InvalidStateError('the mixer is closed');
  }
}

/** Clamps a 32-bit sum to the 16-bit range. */
function saturate(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
