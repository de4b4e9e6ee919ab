/*
 * Sequence number and timestamp arithmetic with wrap-around. RTP sequence
 * numbers are 16-bit and timestamps 32-bit counters that wrap (RFC 3550
 * §5.1), so "before" and "after" are decided by the shorter way round the
 * circle (serial number arithmetic, RFC 1982).
 */

const SEQ_MOD = 0x10000;

/**
 * The signed distance a − b between two 16-bit sequence numbers, in
 * [-32768, 32767]: seqDiff(2, 65534) is 4.
 */
export function seqDiff(a: number, b: number): number {
  return (((a - b) & 0xffff) << 16) >> 16;
}

/** True if sequence number a comes before b (modulo 2^16). */
export function seqLessThan(a: number, b: number): boolean {
  return seqDiff(a, b) < 0;
}

/**
 * The signed distance a − b between two 32-bit RTP timestamps, in
 * [-2^31, 2^31 − 1].
 */
export function timestampDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** True if RTP timestamp a comes before b (modulo 2^32). */
export function timestampLessThan(a: number, b: number): boolean {
  return timestampDiff(a, b) < 0;
}

/**
 * Extends a 16-bit sequence number to the extended value nearest to
 * `reference` (an extended sequence number), for placing a late or early
 * packet around a wrap. Never returns a negative number.
 */
export function extendSeq(seq: number, reference: number): number {
  const extended = reference + seqDiff(seq, reference & 0xffff);
  return extended < 0 ? extended + SEQ_MOD : extended;
}

/** RFC 3550 A.1: a dropout larger than this is a jump, not loss. */
export const MAX_DROPOUT = 3000;
/** RFC 3550 A.1: a packet this far behind is a late or duplicate one. */
export const MAX_MISORDER = 100;
/** RFC 3550 A.1: in-order packets needed before a source is valid. */
export const MIN_SEQUENTIAL = 2;

/** What RtpSequenceState.update() decided about one packet. */
export type SequenceVerdict =
  /** In order, possibly after a gap: the new highest sequence number. */
  | 'advanced'
  /** At or behind the highest number: a duplicate or a reordered packet. */
  | 'behind'
  /** The source restarted its sequence numbering; state was reset. */
  | 'restarted'
  /** Still in probation (A.1); the packet is not counted. */
  | 'probation'
  /** A very large jump not (yet) confirmed by a second packet; discarded. */
  | 'bad';

/**
 * The per-source sequence state of RFC 3550 A.1 (init_seq/update_seq):
 * probation of a new source, cycle counting for the extended highest
 * sequence number, and resync after a large jump confirmed by two packets.
 */
export class RtpSequenceState {
  /** First sequence number counted (A.1 base_seq). */
  baseSeq = 0;
  /** Highest sequence number seen, 16-bit (A.1 max_seq). */
  maxSeq = 0;
  /** Wrap count shifted left by 16 (A.1 cycles). */
  cycles = 0;
  /** Packets counted as received, duplicates included (A.1 received). */
  received = 0;
  #badSeq = SEQ_MOD + 1;
  #probation: number;

  constructor(firstSeq: number, minSequential = MIN_SEQUENTIAL) {
    this.#init(firstSeq);
    this.maxSeq = (firstSeq - 1) & 0xffff;
    this.#probation = minSequential;
  }

  /** The extended highest sequence number received (A.1, §6.4.1). */
  get extendedMaxSeq(): number {
    return this.cycles + this.maxSeq;
  }

  /** True once the source has left probation. */
  get isValid(): boolean {
    return this.#probation === 0;
  }

  #init(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.#badSeq = SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
  }

  /** Feeds one packet's sequence number (A.1 update_seq). */
  update(seq: number): SequenceVerdict {
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (this.#probation > 0) {
      if (seq === ((this.maxSeq + 1) & 0xffff)) {
        this.#probation--;
        this.maxSeq = seq;
        if (this.#probation === 0) {
          this.#init(seq);
          this.received++;
          return 'advanced';
        }
      } else {
        this.#probation = MIN_SEQUENTIAL - 1;
        this.maxSeq = seq;
      }
      return 'probation';
    }
    let verdict: SequenceVerdict;
    if (udelta < MAX_DROPOUT) {
      // In order, with a permissible gap. udelta 0 is a duplicate of the
      // highest packet, which A.1 counts in this branch too.
      if (udelta === 0) {
        verdict = 'behind';
      } else {
        if (seq < this.maxSeq) this.cycles += SEQ_MOD;
        this.maxSeq = seq;
        verdict = 'advanced';
      }
    } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
      // A very large jump: resync only if the next packet follows it, as
      // when the other side restarted without telling us.
      if (seq !== this.#badSeq) {
        this.#badSeq = (seq + 1) & 0xffff;
        return 'bad';
      }
      this.#init(seq);
      verdict = 'restarted';
    } else {
      verdict = 'behind';
    }
    this.received++;
    return verdict;
  }
}
