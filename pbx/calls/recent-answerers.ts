/**
 * Which extension last answered each caller's number, per team, for the
 * rules that ring it first: a queue's sticky agent (Q-13 lastAgentFirst,
 * "优先转接到上一次接通的分机") and a ring group's lastCallFirst (RG-5).
 * Queues and ring groups both write to it, so a caller that a ring group
 * put through to 1001 is offered to 1001 first by a queue too.
 *
 * It lives in memory and keeps the most recent `capacity` callers (D82):
 * a restart forgets it, as Asterisk's queue state does.
 */
export class RecentAnswerers {
  readonly #byCaller = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  /** Extension `extensionId` answered a call from `callerNumber`. */
  answered(teamId: number, callerNumber: string, extensionId: number): void {
    // An anonymous or withheld caller is nobody to remember.
    if (!DIALLABLE.test(callerNumber)) return;
    const key = `${teamId}/${callerNumber}`;
    // Re-inserting moves the caller to the young end of the map's order.
    this.#byCaller.delete(key);
    this.#byCaller.set(key, extensionId);
    if (this.#byCaller.size > this.capacity) {
      const oldest = this.#byCaller.keys().next();
      if (oldest.done !== true) this.#byCaller.delete(oldest.value);
    }
  }

  /** The extension that last answered `callerNumber` in `teamId`, if remembered. */
  lastExtension(teamId: number, callerNumber: string): number | undefined {
    return this.#byCaller.get(`${teamId}/${callerNumber}`);
  }

  get size(): number {
    return this.#byCaller.size;
  }
}

const DIALLABLE = /^\+?[0-9]+$/;
