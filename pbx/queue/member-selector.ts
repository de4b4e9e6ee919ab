import type { QueueStrategy } from './queue-config.ts';

/** What a selector knows about a member that is free to ring now. */
export interface MemberCandidate {
  readonly key: string;
  /** Position in the configured member list. */
  readonly order: number;
  /** Monotonic time the member's last queue call ended; undefined if never. */
  readonly lastCallEndedAtMs: number | undefined;
  /** Queue calls the member has answered. */
  readonly callsTaken: number;
}

/**
 * Picks whom to ring for the next caller from the members free now,
 * given in configured order. Returns their keys, best first; strategies
 * that ring one member at a time return one. Extensions now, agents
 * later: the selector sees only candidates, never where they come from.
 */
export interface MemberSelector {
  select(candidates: readonly MemberCandidate[]): readonly string[];
}

/** Options of createMemberSelector(). */
export interface MemberSelectorOptions {
  /** A number in [0, 1), as Math.random; injected so tests are repeatable. */
  readonly random?: () => number;
}

/** The selector for `strategy`; rrmemory keeps its memory in the instance. */
export function createMemberSelector(
  strategy: QueueStrategy,
  opts: MemberSelectorOptions = {},
): MemberSelector {
  switch (strategy) {
    case 'ringall':
      return { select: (c) => c.map((m) => m.key) };
    case 'linear':
      return { select: (c) => first(c) };
    case 'leastrecent':
      // Never-called members count as longest idle (Asterisk does the same).
      return {
        select: (c) => first(best(c, (m) => m.lastCallEndedAtMs ?? Number.NEGATIVE_INFINITY)),
      };
    case 'fewestcalls':
      return { select: (c) => first(best(c, (m) => m.callsTaken)) };
    case 'random': {
      const random = opts.random ?? Math.random;
      return {
        select: (c) => {
          const picked = c[Math.floor(random() * c.length)];
          return picked === undefined ? [] : [picked.key];
        },
      };
    }
    case 'rrmemory':
      return new RoundRobinMemorySelector();
  }
}

/**
 * `rrmemory`: continue from the member after the one rung last time
 * ("从上次呼叫的坐席的下一个开始"), in configured order.
 */
class RoundRobinMemorySelector implements MemberSelector {
  #lastOrder = -1;

  select(candidates: readonly MemberCandidate[]): readonly string[] {
    if (candidates.length === 0) return [];
    const after = candidates.find((m) => m.order > this.#lastOrder);
    const picked = after ?? (candidates[0] as MemberCandidate);
    this.#lastOrder = picked.order;
    return [picked.key];
  }
}

function first(candidates: readonly MemberCandidate[]): readonly string[] {
  const head = candidates[0];
  return head === undefined ? [] : [head.key];
}

/** The candidates sorted by `score` ascending, ties in configured order. */
function best(
  candidates: readonly MemberCandidate[],
  score: (m: MemberCandidate) => number,
): MemberCandidate[] {
  return [...candidates].sort((a, b) => score(a) - score(b) || a.order - b.order);
}
