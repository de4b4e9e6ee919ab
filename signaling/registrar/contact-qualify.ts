import type { Clock, Logger, TimerHandle } from '../../core/index.ts';
import { createRequest, formatVia, generateBranch, generateTag } from '../message/index.ts';
import type { ViaSource } from '../dialog/index.ts';
import { roundTrip, type TransactionLayer } from '../transaction/index.ts';
import type { TransportProtocol } from '../transport/index.ts';
import type { Binding } from './binding.ts';
import { contactTarget } from './registrar.ts';

/** How a contact is qualified: from its extension's effective config (T-2). */
export interface ContactQualifySettings {
  /** Slower answers than this are `lagged`; none within twice it is `unreachable`. */
  readonly maxMs: number;
  /** How often a contact is asked (Asterisk's qualifyfreq). */
  readonly intervalMs: number;
}

/** A contact's qualify result, as Asterisk's `sip show peers` reads it. */
export interface ContactQualifyStatus {
  /** `unknown` from registration until the first answer or timeout. */
  readonly state: 'unknown' | 'ok' | 'lagged' | 'unreachable';
  /** Round trip of the last answered OPTIONS. */
  readonly rttMs: number | undefined;
  /** Wall-clock ms of the last check that ended. */
  readonly checkedAt: number | undefined;
}

/** What qualifying contacts needs from the stack. */
export interface ContactQualifyDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly transactions: Pick<TransactionLayer, 'sendRequest'>;
  readonly viaSource: (protocol: TransportProtocol) => ViaSource | undefined;
  /** The contact's extension's settings; undefined when it is not qualified. */
  settingsOf(binding: Binding): ContactQualifySettings | undefined;
  /**
   * Extensions' fixed addresses (D92) as bindings, qualified like
   * registered contacts (D95); the same array while nothing changed.
   */
  fixedBindings?: () => readonly Binding[];
}

/** How often due contacts are looked for. */
const TICK_MS = 1000;
/** An unreachable contact is asked again this often, or at its own interval if shorter. */
const UNREACHABLE_RETRY_MS = 10_000;
/** How often an unmonitored contact's config is looked at again. */
const UNMONITORED_RECHECK_MS = 60_000;
/** Contacts loaded at start are first asked within this time, spread out. */
const START_SPREAD_MS = 5000;

const UNKNOWN: ContactQualifyStatus = { state: 'unknown', rttMs: undefined, checkedAt: undefined };

interface Entry {
  binding: Binding;
  status: ContactQualifyStatus | undefined;
  /** Monotonic ms of the next ask. */
  nextAtMs: number;
  /** Monotonic ms the wait for `nextAtMs` began: the last answer or timeout, or when added. */
  waitFromMs: number;
  isAsking: boolean;
  /** Bumped when the contact goes, so that a late answer is dropped. */
  generation: number;
}

/**
 * OPTIONS pings to registered contacts of extensions whose config says
 * `qualify=yes` (or a number of ms; the default device template does), as
 * Asterisk's qualify does (spec 02 T-2; D86). Any answer, whatever its
 * status, shows the phone is there (RFC 3261 §11). No answer within twice
 * `maxMs` marks the contact unreachable: the registrar's lookups leave it
 * out, so calls go to the extension's other contacts, or to its
 * unavailable destination at once, instead of ringing nothing until the
 * ring timeout. A fresh REGISTER shows the phone reachable at that moment,
 * so a new contact is first asked one interval later. Extensions' fixed
 * addresses (D92) are asked the same way from when the config names them
 * (D95), as Asterisk qualifies a peer with a static host.
 */
export class ContactQualify {
  readonly #entries = new Map<string, Entry>();
  /** Fixed addresses (D95), apart: a registration may carry the same URI. */
  readonly #fixed = new Map<string, Entry>();
  #fixedSource: readonly Binding[] | undefined;
  #timer: TimerHandle | undefined;

  constructor(private readonly deps: ContactQualifyDeps) {}

  /** Starts the pings; `existing` are the bindings loaded from the store. */
  start(existing: Iterable<Binding>): void {
    const now = this.deps.clock.monotonicMs();
    let i = 0;
    for (const binding of existing) {
      // After a restart a stored contact may be long gone: ask soon.
      this.#entries.set(keyOf(binding), {
        binding,
        status: UNKNOWN,
        nextAtMs: now + ((i++ * 97) % START_SPREAD_MS),
        waitFromMs: now,
        isAsking: false,
        generation: 0,
      });
    }
    this.#syncFixed();
    this.#timer = this.deps.clock.setInterval(() => this.#tick(), TICK_MS);
  }

  stop(): void {
    if (this.#timer !== undefined) this.deps.clock.clearInterval(this.#timer);
    this.#timer = undefined;
    this.#entries.clear();
    this.#fixed.clear();
    this.#fixedSource = undefined;
  }

  /** A REGISTER added or refreshed `binding`. */
  registered(binding: Binding): void {
    const key = keyOf(binding);
    const now = this.deps.clock.monotonicMs();
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      // Not qualified: unmonitored at once; its config is looked at again later.
      const settings = this.#settingsOf(binding);
      this.#entries.set(key, {
        binding,
        status: settings === undefined ? undefined : UNKNOWN,
        nextAtMs: now + (settings?.intervalMs ?? UNMONITORED_RECHECK_MS),
        waitFromMs: now,
        isAsking: false,
        generation: 0,
      });
      return;
    }
    entry.binding = binding;
    // The phone just reached us; if we could not reach it, ask again now.
    if (entry.status?.state === 'unreachable') entry.nextAtMs = now;
  }

  /** The binding expired or was removed. */
  unregistered(binding: Binding): void {
    const key = keyOf(binding);
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.binding !== binding) return;
    entry.generation++;
    this.#entries.delete(key);
  }

  /** The contact's status; undefined when it is not qualified. */
  status(binding: Binding): ContactQualifyStatus | undefined {
    return this.#entryOf(binding)?.status;
  }

  /** Whether calls should skip the contact: qualified and not answering. */
  isUnreachable(binding: Binding): boolean {
    return this.#entryOf(binding)?.status?.state === 'unreachable';
  }

  /** Qualified contacts not answering now, for the metrics. */
  get unreachableCount(): number {
    let n = 0;
    for (const entries of [this.#entries, this.#fixed]) {
      for (const entry of entries.values()) if (entry.status?.state === 'unreachable') n++;
    }
    return n;
  }

  #entryOf(binding: Binding): Entry | undefined {
    const key = keyOf(binding);
    return this.#entries.get(key) ?? this.#fixed.get(key);
  }

  /**
   * Follows the fixed addresses (D95). Nothing has shown one reachable, so
   * a new one is asked soon, spread out like the bindings loaded at start;
   * one gone from the config is dropped, and a late answer with it.
   */
  #syncFixed(): void {
    let list: readonly Binding[] | undefined;
    try {
      list = this.deps.fixedBindings?.();
    } catch (err) {
      this.deps.logger.warn({ err }, 'reading fixed contacts failed');
      return;
    }
    if (list === undefined || list === this.#fixedSource) return;
    this.#fixedSource = list;
    const now = this.deps.clock.monotonicMs();
    const keys = new Set<string>();
    let i = 0;
    for (const binding of list) {
      const key = keyOf(binding);
      keys.add(key);
      const entry = this.#fixed.get(key);
      if (entry !== undefined) {
        entry.binding = binding;
        continue;
      }
      this.#fixed.set(key, {
        binding,
        status: this.#settingsOf(binding) === undefined ? undefined : UNKNOWN,
        nextAtMs: now + ((i++ * 97) % START_SPREAD_MS),
        waitFromMs: now,
        isAsking: false,
        generation: 0,
      });
    }
    for (const [key, entry] of this.#fixed) {
      if (keys.has(key)) continue;
      entry.generation++;
      this.#fixed.delete(key);
    }
    // A new list means the config changed: a contact whose settings now ask
    // sooner is asked by them at once, not after the wait the old ones set.
    for (const entries of [this.#entries, this.#fixed]) {
      for (const entry of entries.values()) this.#adoptSettings(entry);
    }
  }

  /**
   * Brings the next ask forward if the contact's settings now want it
   * sooner: a shorter `qualifyfreq`, or qualify turned on for a contact
   * that was not monitored. Turned off, the next visit finds it.
   */
  #adoptSettings(entry: Entry): void {
    if (entry.isAsking) return;
    const settings = this.#settingsOf(entry.binding);
    if (settings === undefined) return;
    const wait =
      entry.status === undefined
        ? 0
        : entry.status.state === 'unreachable'
          ? Math.min(settings.intervalMs, UNREACHABLE_RETRY_MS)
          : settings.intervalMs;
    if (entry.status === undefined) entry.status = UNKNOWN;
    entry.nextAtMs = Math.min(entry.nextAtMs, entry.waitFromMs + wait);
  }

  #tick(): void {
    this.#syncFixed();
    for (const entry of this.#entries.values()) this.#visit(entry);
    for (const entry of this.#fixed.values()) this.#visit(entry);
  }

  /** Asks the contact if it is due. */
  #visit(entry: Entry): void {
    const now = this.deps.clock.monotonicMs();
    if (entry.isAsking || entry.nextAtMs > now) return;
    const settings = this.#settingsOf(entry.binding);
    if (settings === undefined) {
      // Not qualified (now): unmonitored; its config is looked at again later.
      entry.status = undefined;
      entry.nextAtMs = now + UNMONITORED_RECHECK_MS;
      entry.waitFromMs = now;
      return;
    }
    void this.#ping(entry, settings);
  }

  /** The contact's settings; a config that cannot be read leaves it unmonitored. */
  #settingsOf(binding: Binding): ContactQualifySettings | undefined {
    try {
      return this.deps.settingsOf(binding);
    } catch (err) {
      this.deps.logger.warn({ err, aor: binding.aor }, 'reading qualify settings failed');
      return undefined;
    }
  }

  async #ping(entry: Entry, settings: ContactQualifySettings): Promise<void> {
    entry.isAsking = true;
    const generation = entry.generation;
    const rttMs = await this.#ask(entry.binding, settings.maxMs).catch(() => undefined);
    entry.isAsking = false;
    if (entry.generation !== generation) return;
    const state = rttMs === undefined ? 'unreachable' : rttMs > settings.maxMs ? 'lagged' : 'ok';
    const previous = entry.status?.state;
    if (state !== previous && (state === 'unreachable' || previous === 'unreachable')) {
      const { aor, contactUri } = entry.binding;
      this.deps.logger.info({ aor, contact: contactUri, state, rttMs }, 'contact qualify');
    }
    entry.status = { state, rttMs, checkedAt: this.deps.clock.now() };
    const nextMs =
      state === 'unreachable'
        ? Math.min(settings.intervalMs, UNREACHABLE_RETRY_MS)
        : settings.intervalMs;
    entry.waitFromMs = this.deps.clock.monotonicMs();
    entry.nextAtMs = entry.waitFromMs + nextMs;
  }

  /** One OPTIONS; resolves with its round trip, or undefined after 2 × maxMs without answer. */
  #ask(binding: Binding, maxMs: number): Promise<number | undefined> {
    const target = contactTarget(binding);
    const via = this.deps.viaSource(target.protocol);
    if (via === undefined) return Promise.resolve(undefined);
    const request = createRequest({
      method: 'OPTIONS',
      requestUri: binding.contactUri,
      via: formatVia({ ...via, branch: generateBranch(), rport: true }),
      from: `<sip:switchyard@${via.host}>;tag=${generateTag()}`,
      to: `<${binding.contactUri}>`,
      callId: `${generateTag()}${generateTag()}@switchyard`,
      cseq: 1,
      headers: [['Accept', 'application/sdp']],
    });
    // Asterisk's sip_poke_noanswer: no answer within twice maxms.
    return roundTrip(this.deps, request, target, 2 * maxMs);
  }
}

function keyOf(binding: Binding): string {
  return `${binding.aor} ${binding.contactUri}`;
}
