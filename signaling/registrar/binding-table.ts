import type { Binding } from './binding.ts';

/**
 * The in-memory bindings of every AOR, with expiry in one-second buckets so
 * that a sweep touches only what is due, whatever the table size.
 */
export class BindingTable {
  readonly #byAor = new Map<string, Binding[]>();
  readonly #buckets = new Map<number, Set<Binding>>();
  #size = 0;
  #lastSweptSec = -1;

  get size(): number {
    return this.#size;
  }

  get aorCount(): number {
    return this.#byAor.size;
  }

  /** Bindings of an AOR, best q first, then most recent first (§10.2.4, §16.6). */
  get(aor: string): readonly Binding[] {
    return this.#byAor.get(aor) ?? [];
  }

  /** Finds the binding of `aor` with this contact URI (§10.3 step 8 compares URIs). */
  find(aor: string, contactUri: string): Binding | undefined {
    return this.#byAor.get(aor)?.find((b) => b.contactUri === contactUri);
  }

  /** Adds or replaces a binding (same AOR and contact URI). */
  put(binding: Binding): void {
    const list = this.#byAor.get(binding.aor);
    if (list === undefined) {
      this.#byAor.set(binding.aor, [binding]);
      this.#size++;
    } else {
      const i = list.findIndex((b) => b.contactUri === binding.contactUri);
      if (i >= 0) {
        this.#unschedule(list[i]!);
        list[i] = binding;
      } else {
        list.push(binding);
        this.#size++;
      }
      list.sort((a, b) => b.q - a.q || b.registeredAtMs - a.registeredAtMs);
    }
    this.#schedule(binding);
  }

  /** Moves a binding to its new expiry after a refresh. */
  reschedule(binding: Binding, expiresAtMs: number): void {
    this.#unschedule(binding);
    binding.expiresAtMs = expiresAtMs;
    this.#schedule(binding);
  }

  remove(binding: Binding): boolean {
    const list = this.#byAor.get(binding.aor);
    if (list === undefined) return false;
    const i = list.indexOf(binding);
    if (i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) this.#byAor.delete(binding.aor);
    this.#unschedule(binding);
    this.#size--;
    return true;
  }

  /** Removes and returns the bindings whose expiry is at or before `nowMs`. */
  sweep(nowMs: number): Binding[] {
    const nowSec = Math.floor(nowMs / 1000);
    const expired: Binding[] = [];
    if (this.#lastSweptSec < 0) this.#lastSweptSec = Math.min(...this.#buckets.keys(), nowSec) - 1;
    for (let sec = this.#lastSweptSec + 1; sec <= nowSec; sec++) {
      const bucket = this.#buckets.get(sec);
      if (bucket === undefined) continue;
      for (const b of bucket) expired.push(b);
    }
    for (const b of expired) this.remove(b);
    this.#lastSweptSec = nowSec;
    return expired;
  }

  /** Every binding, for persistence and the admin API. */
  *all(): IterableIterator<Binding> {
    for (const list of this.#byAor.values()) yield* list;
  }

  #schedule(b: Binding): void {
    // A binding is due in the first bucket at or after its expiry.
    let sec = Math.ceil(b.expiresAtMs / 1000);
    if (this.#lastSweptSec >= 0 && sec <= this.#lastSweptSec) sec = this.#lastSweptSec + 1;
    let bucket = this.#buckets.get(sec);
    if (bucket === undefined) {
      bucket = new Set();
      this.#buckets.set(sec, bucket);
    }
    bucket.add(b);
  }

  #unschedule(b: Binding): void {
    for (const sec of [Math.ceil(b.expiresAtMs / 1000), this.#lastSweptSec + 1]) {
      const bucket = this.#buckets.get(sec);
      if (bucket?.delete(b)) {
        if (bucket.size === 0) this.#buckets.delete(sec);
        return;
      }
    }
  }
}
