import type { CallLeg } from '../../core/index.ts';

/**
 * A leg a ring group or queue rings at an extension on behalf of its
 * caller (D85), as call pickup (*61, EXT-12) sees it.
 */
export interface RingingMember {
  readonly teamId: number;
  /** The extension's number. */
  readonly number: string;
  /** When the leg started ringing (Clock.now(), as B2BUA calls count). */
  readonly startedAtMs: number;
  /**
   * Hands the call to `picker` in the member's place: `picker` is
   * answered, the member's phone stops ringing and the application
   * bridges its caller to `picker`. False when the member no longer rings
   * (answered or cancelled meanwhile); `picker` may then be answered
   * already, and the picker's side hangs it up.
   */
  take(picker: CallLeg): Promise<boolean>;
}

/**
 * The member legs ringing now, per team. Ring groups and queues list
 * their legs here while they ring (MemberRinger), so that a colleague can
 * pick up a call that reached an extension through them, as Asterisk's
 * pickup takes any ringing channel of the extension.
 */
export class RingingMembers {
  readonly #byTeam = new Map<number, Set<RingingMember>>();

  /** Lists `member` until the returned function is called. */
  add(member: RingingMember): () => void {
    let team = this.#byTeam.get(member.teamId);
    if (team === undefined) {
      team = new Set();
      this.#byTeam.set(member.teamId, team);
    }
    team.add(member);
    return () => {
      const set = this.#byTeam.get(member.teamId);
      if (set === undefined || !set.delete(member)) return;
      if (set.size === 0) this.#byTeam.delete(member.teamId);
    };
  }

  /** The longest-ringing member leg at one of `numbers` of `teamId`. */
  oldest(teamId: number, numbers: readonly string[]): RingingMember | undefined {
    let oldest: RingingMember | undefined;
    for (const member of this.#byTeam.get(teamId) ?? []) {
      if (!numbers.includes(member.number)) continue;
      if (oldest === undefined || member.startedAtMs < oldest.startedAtMs) oldest = member;
    }
    return oldest;
  }

  /** How many member legs ring now, in every team. */
  get size(): number {
    let n = 0;
    for (const team of this.#byTeam.values()) n += team.size;
    return n;
  }
}
