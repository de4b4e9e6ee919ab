import type { Clock, Metric, MetricsRegistry } from '../../core/index.ts';
import { addressKey, type TransportAddress } from './transport-types.ts';

/** One dropped or rejected message, as the superadmin sees it. */
export interface RejectEntry {
  readonly timeMs: number;
  readonly source: string;
  readonly reason: string;
  /** The first bytes of the message, non-printable bytes shown as '.'. */
  readonly firstBytes: string;
}

const FIRST_BYTES = 80;

function printable(data: Buffer): string {
  let out = '';
  const n = Math.min(data.length, FIRST_BYTES);
  for (let i = 0; i < n; i++) {
    const b = data[i]!;
    out +=
      b >= 0x20 && b < 0x7f
        ? String.fromCharCode(b)
        : b === 0x0d
          ? '\\r'
          : b === 0x0a
            ? '\\n'
            : '.';
  }
  return out;
}

/**
 * Counts every dropped or rejected SIP message per reason and keeps the most
 * recent ones in a bounded ring buffer (STYLE §4.3): never a silent drop.
 */
export class RejectLog {
  readonly #entries: Array<RejectEntry | undefined>;
  #next = 0;
  #size = 0;
  readonly #counter: Metric;

  constructor(
    private readonly clock: Clock,
    metrics: MetricsRegistry,
    readonly capacity = 1000,
  ) {
    this.#entries = new Array<RejectEntry | undefined>(capacity);
    this.#counter = metrics.counter(
      'switchyard_sip_rejected_total',
      'SIP messages dropped or rejected, by reason',
    );
  }

  record(source: TransportAddress, reason: string, data: Buffer): void {
    this.#counter.inc({ reason });
    this.#entries[this.#next] = {
      timeMs: this.clock.now(),
      source: `${source.protocol}:${addressKey(source)}`,
      reason,
      firstBytes: printable(data),
    };
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** Count of rejects recorded for `reason` since start. */
  count(reason: string): number {
    return this.#counter.get({ reason });
  }

  /** The most recent entries, newest first. */
  recent(limit = this.capacity): RejectEntry[] {
    const out: RejectEntry[] = [];
    for (let i = 1; i <= Math.min(limit, this.#size); i++) {
      out.push(this.#entries[(this.#next - i + this.capacity) % this.capacity]!);
    }
    return out;
  }
}
