/**
 * A small Prometheus registry: counters and gauges with labels, rendered in
 * the text exposition format (version 0.0.4). Hot paths hold a reference to
 * a labelled child so that counting costs one addition.
 */
export type Labels = Record<string, string>;

interface Series {
  labels: Labels;
  value: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k]!)}"`)
    .join(',');
}

/** One metric family: a name, a help text, a type and labelled series. */
export class Metric {
  readonly #series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge',
  ) {}

  /** The series for `labels`, created at 0 on first use. */
  child(labels: Labels = {}): Series {
    const key = labelKey(labels);
    let s = this.#series.get(key);
    if (s === undefined) {
      s = { labels, value: 0 };
      this.#series.set(key, s);
    }
    return s;
  }

  inc(labels: Labels = {}, by = 1): void {
    this.child(labels).value += by;
  }

  set(labels: Labels, value: number): void {
    this.child(labels).value = value;
  }

  get(labels: Labels = {}): number {
    return this.#series.get(labelKey(labels))?.value ?? 0;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}\n`;
    if (this.#series.size === 0 && this.type === 'gauge') out += `${this.name} 0\n`;
    for (const [key, s] of this.#series) {
      out += key === '' ? `${this.name} ${s.value}\n` : `${this.name}{${key}} ${s.value}\n`;
    }
    return out;
  }
}

/** A set of metrics plus gauges computed at scrape time. */
export class MetricsRegistry {
  readonly #metrics = new Map<string, Metric>();
  readonly #collectors: Array<() => void> = [];

  counter(name: string, help: string): Metric {
    return this.#get(name, help, 'counter');
  }

  gauge(name: string, help: string): Metric {
    return this.#get(name, help, 'gauge');
  }

  /** Registers a function run before each render, to refresh gauges. */
  onCollect(fn: () => void): void {
    this.#collectors.push(fn);
  }

  render(): string {
    for (const fn of this.#collectors) fn();
    return [...this.#metrics.values()].map((m) => m.render()).join('');
  }

  #get(name: string, help: string, type: 'counter' | 'gauge'): Metric {
    let m = this.#metrics.get(name);
    if (m === undefined) {
      m = new Metric(name, help, type);
      this.#metrics.set(name, m);
    } else if (m.type !== type) {
      throw new TypeError(`metric ${name} is already a ${m.type}`);
    }
    return m;
  }
}
