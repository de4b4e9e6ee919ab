import { ValidationError } from '../../core/index.ts';
import { TalkDetector, meanSquareToDbov } from './talk-detector.ts';
import type { TalkDetectorOptions } from './talk-detector.ts';

/**
 * What a party of a Mixer hears and who hears it:
 * - 'party': hears everyone else, is heard by everyone (a normal caller);
 * - 'listen': a supervisor who hears the call and is heard by no one;
 * - 'whisper': hears the call and is heard only by its target (the agent);
 * - 'barge': a supervisor who joined the call, exactly like 'party'.
 */
export type MixerRole = 'party' | 'listen' | 'whisper' | 'barge';

/** Settings of a party when it is added. */
export interface MixerPartyOptions {
  /** Linear gain on what this party says; 1 unless given. */
  readonly gain?: number;
  readonly isMuted?: boolean;
  readonly role?: MixerRole;
  /** The party a 'whisper' is heard by. */
  readonly targetId?: string;
  /**
   * Mix what this party says only while it talks (and on loud onset
   * frames), as MeetMe's talker optimisation (`o`) does; false unless given.
   */
  readonly isMixedOnlyWhileTalking?: boolean;
}

/**
 * One party of a Mixer. Write the frame it sent with write() (or decode
 * into `input` and call commitInput()) before Mixer.mix(); read what it
 * hears from `output` after. A party with no input for a tick is silent.
 *
 * The fields below `output` are the mixer's working state: public so that
 * Mixer's per-frame loop reaches them without accessor calls, not part of
 * the API.
 */
export class MixerParty {
  readonly id: string;
  /** The frame this party hears, valid after Mixer.mix() until the next. */
  readonly output: Int16Array;
  /** The frame this party sent; write() copies into it. */
  readonly input: Int16Array;
  /** @internal This tick's gain-scaled input. */
  readonly contribution: Int32Array;
  /** @internal Whispers for this party, summed; allocated on first use. */
  whisperSum: Int32Array | undefined;
  /** @internal True when a whisper was added to whisperSum this tick. */
  hasWhisper = false;
  /** @internal True when input holds a frame not yet mixed. */
  hasInput = false;
  /** @internal True when contribution went into this tick's common mix. */
  isInCommonMix = false;
  /** @internal Talk state change of this tick: 1 started, −1 ended, 0 none. */
  talkChange: -1 | 0 | 1 = 0;
  /** @internal Mean square of the last input frame mixed (0 without one). */
  lastMeanSquare = 0;
  /** @internal The party a whisper goes to. */
  whisperTarget: MixerParty | undefined;
  /** @internal */
  readonly talkDetector: TalkDetector;
  /** Whether what this party says is mixed only while it talks. */
  isMixedOnlyWhileTalking: boolean;
  private gainValue: number;
  private muted: boolean;
  private roleValue: MixerRole;

  /** @internal Parties are created by Mixer.addParty(). */
  constructor(
    id: string,
    frameSamples: number,
    options: MixerPartyOptions,
    talk: TalkDetectorOptions,
  ) {
    this.id = id;
    this.output = new Int16Array(frameSamples);
    this.input = new Int16Array(frameSamples);
    this.contribution = new Int32Array(frameSamples);
    this.gainValue = checkGain(options.gain ?? 1);
    this.muted = options.isMuted ?? false;
    this.roleValue = options.role ?? 'party';
    this.isMixedOnlyWhileTalking = options.isMixedOnlyWhileTalking ?? false;
    this.talkDetector = new TalkDetector(talk);
  }

  /** Linear gain on what this party says (0 to 16). */
  get gain(): number {
    return this.gainValue;
  }

  set gain(value: number) {
    this.gainValue = checkGain(value);
  }

  /** A muted party is heard by no one; its talk detection still runs. */
  get isMuted(): boolean {
    return this.muted;
  }

  set isMuted(value: boolean) {
    this.muted = value;
  }

  /** The role; change it with Mixer.setRole(). */
  get role(): MixerRole {
    return this.roleValue;
  }

  /** True while talk detection says this party is talking. */
  get isTalking(): boolean {
    return this.talkDetector.isTalking;
  }

  /** Mean square of the last input frame mixed (0 when it had none). */
  get meanSquare(): number {
    return this.lastMeanSquare;
  }

  /** Level of the last input frame mixed, in dBov (−Infinity without one). */
  get levelDbov(): number {
    return meanSquareToDbov(this.lastMeanSquare);
  }

  /** Copies the frame this party sent for the coming tick. */
  write(frame: Int16Array): void {
    const n = Math.min(frame.length, this.input.length);
    for (let i = 0; i < n; i++) this.input[i] = frame[i]!;
    if (n < this.input.length) this.input.fill(0, n);
    this.hasInput = true;
  }

  /** Marks `input`, filled in place, as this tick's frame. */
  commitInput(): void {
    this.hasInput = true;
  }

  /** @internal Whether what this party says goes into the common mix. */
  get isHeardByAll(): boolean {
    return this.roleValue === 'party' || this.roleValue === 'barge';
  }

  /** @internal */
  setRoleState(role: MixerRole, target: MixerParty | undefined): void {
    this.roleValue = role;
    this.whisperTarget = target;
  }
}

function checkGain(gain: number): number {
  if (!Number.isFinite(gain) || gain < 0 || gain > 16) {
    throw new ValidationError('gain', `gain ${gain} is not between 0 and 16`);
  }
  return gain;
}
