import { InvalidStateError } from '../../core/index.ts';
import type { Clock, Logger } from '../../core/index.ts';
import { MohStream } from './moh-stream.ts';
import type { MohListener } from './moh-stream.ts';
import type { Prompt } from './prompt.ts';

/** Settings of MusicOnHold. */
export interface MusicOnHoldOptions {
  /** The playlists, by class name. */
  readonly classes: Readonly<Record<string, readonly Prompt[]>>;
  readonly sampleRateHz: number;
  readonly clock: Clock;
  /** The class used for an unknown name; "default" unless given. */
  readonly defaultClass?: string;
  readonly logger?: Logger;
}

/**
 * The music-on-hold classes of the switch: one shared MohStream per class,
 * created on first use.
 */
export class MusicOnHold {
  private readonly options: MusicOnHoldOptions;
  private readonly streams = new Map<string, MohStream>();
  private isClosed = false;

  constructor(options: MusicOnHoldOptions) {
    this.options = options;
  }

  /** The class names configured. */
  get classNames(): string[] {
    return Object.keys(this.options.classes);
  }

  /**
   * The stream of `className`, or of the default class when that name is
   * unknown; undefined when neither exists.
   */
  stream(className: string): MohStream | undefined {
    if (this.isClosed) throw new InvalidStateError('music on hold is closed');
    const classes = this.options.classes;
    const name = Object.hasOwn(classes, className)
      ? className
      : (this.options.defaultClass ?? 'default');
    const prompts = Object.hasOwn(classes, name) ? classes[name] : undefined;
    if (prompts === undefined) return undefined;
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new MohStream({
        name,
        prompts,
        sampleRateHz: this.options.sampleRateHz,
        clock: this.options.clock,
        ...(this.options.logger === undefined ? {} : { logger: this.options.logger }),
      });
      this.streams.set(name, stream);
    }
    return stream;
  }

  /** Puts `listener` on hold in `className`; returns the function to leave. */
  join(className: string, listener: MohListener): () => void {
    const stream = this.stream(className);
    if (stream === undefined) {
      throw new InvalidStateError(`no music-on-hold class ${className} and no default class`);
    }
    return stream.join(listener);
  }

  /** Closes every stream. Idempotent. */
  close(): void {
    this.isClosed = true;
    for (const stream of this.streams.values()) stream.close();
    this.streams.clear();
  }
}
