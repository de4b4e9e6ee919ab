import type { FakeClock } from '../../core/index.ts';
import { serializeSipMessage, type SipMessage } from '../../signaling/message/index.ts';
import type { Destination, TransactionTransport } from '../../signaling/transaction/index.ts';
import type {
  InboundPacket,
  SendResult,
  TransportProtocol,
} from '../../signaling/transport/index.ts';

/** Impairments of a FakeNetwork: probabilities are per message. */
export interface FakeNetworkOptions {
  latencyMs: number;
  dropRate: number;
  duplicateRate: number;
  /** Extra random delay up to this many ms, which reorders messages. */
  reorderJitterMs: number;
  seed: number;
}

/** One message a FakeEndpoint sent, for assertions. */
export interface SentRecord {
  atMs: number;
  firstLine: string;
  message: SipMessage;
  destination: Destination;
}

/** A small deterministic PRNG (mulberry32) so impaired runs repeat exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A network of fake SIP endpoints driven by a FakeClock: what one sends is
 * serialized, impaired (dropped, duplicated, delayed and so reordered) and
 * delivered as an InboundPacket to the endpoint at the destination address.
 */
export class FakeNetwork {
  readonly #endpoints = new Map<string, FakeEndpoint>();
  readonly #random: () => number;

  constructor(
    readonly clock: FakeClock,
    readonly options: FakeNetworkOptions = {
      latencyMs: 10,
      dropRate: 0,
      duplicateRate: 0,
      reorderJitterMs: 0,
      seed: 1,
    },
  ) {
    this.#random = prng(options.seed);
  }

  endpoint(address: string, port: number, protocol: TransportProtocol = 'udp'): FakeEndpoint {
    const ep = new FakeEndpoint(this, address, port, protocol);
    this.#endpoints.set(`${address}:${port}`, ep);
    return ep;
  }

  /** Schedules delivery of `data` from `from` to `to`, with impairments. */
  deliver(from: FakeEndpoint, data: Buffer, to: Destination): void {
    const target = this.#endpoints.get(`${to.address}:${to.port}`);
    if (target === undefined) return;
    if (from.dropNext > 0) {
      from.dropNext--;
      return;
    }
    if (this.#random() < this.options.dropRate) return;
    const copies = this.#random() < this.options.duplicateRate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const delayMs =
        this.options.latencyMs + Math.floor(this.#random() * this.options.reorderJitterMs);
      this.clock.setTimeout(() => {
        target.onPacket?.({
          data,
          source: { protocol: from.protocol, address: from.address, port: from.port },
          local: { protocol: target.protocol, address: target.address, port: target.port },
          connectionId: undefined,
        });
      }, delayMs);
    }
  }
}

/** One address on a FakeNetwork; implements the transaction layer's transport. */
export class FakeEndpoint implements TransactionTransport {
  readonly sent: SentRecord[] = [];
  onPacket: ((packet: InboundPacket) => void) | undefined;
  /** Drops the next N messages this endpoint sends. */
  dropNext = 0;
  /** Makes every send fail, as a dead transport would (§17.1.4). */
  isBroken = false;

  constructor(
    private readonly network: FakeNetwork,
    readonly address: string,
    readonly port: number,
    readonly protocol: TransportProtocol,
  ) {}

  send(message: SipMessage, destination: Destination): Promise<SendResult> {
    if (this.isBroken) return Promise.resolve({ ok: false, error: new Error('ECONNREFUSED') });
    const data = serializeSipMessage(message);
    const firstLine = data.subarray(0, data.indexOf('\r\n')).toString('latin1');
    this.sent.push({ atMs: this.network.clock.monotonicMs(), firstLine, message, destination });
    this.network.deliver(this, data, destination);
    return Promise.resolve({ ok: true });
  }

  /** Times (ms since the clock's start) at which lines starting with `prefix` were sent. */
  sentTimes(prefix: string): number[] {
    return this.sent.filter((r) => r.firstLine.startsWith(prefix)).map((r) => r.atMs);
  }
}
