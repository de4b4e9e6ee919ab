import { InvalidStateError, err, ok } from '../../core/index.ts';
import type { Clock, Logger, MediaError, Result } from '../../core/index.ts';
import { MohStream } from './moh-stream.ts';
import type { MohListener } from './moh-stream.ts';
import type { Prompt } from './prompt.ts';

/** A music-on-hold class as the switch's configuration resolves it. */
export interface MohPlaylist {
  /** Names the class for sharing, e.g. `team:3:jazz`: one stream per key and rate. */
  readonly key: string;
  /** Changes whenever the class or its files change; a new one gets a new stream. */
  readonly revision: string;
  /** Prompt names in play order, as play() takes file names. */
  readonly files: readonly string[];
  /**
   * Each caller gets a stream of its own from the first file (MOH-3,
   * Asterisk's `mode=files`) instead of joining the shared one. Prompts
   * are still loaded once (the loader caches them); each caller costs a
   * timer.
   */
  readonly isPerCaller?: boolean;
}

/**
 * Resolves a class identifier of a team (undefined: the system's) to its
 * playlist; undefined when no class and no default applies.
 */
export type MohPlaylistLookup = (
  className: string,
  teamId: number | undefined,
) => MohPlaylist | undefined;

/** Loads one prompt at a rate (the media server's cached WAV loader). */
export type MohPromptLoader = (
  name: string,
  sampleRateHz: number,
) => Promise<Result<Prompt, MediaError>>;

/** Settings of MohClasses. */
export interface MohClassesOptions {
  readonly lookup: MohPlaylistLookup;
  readonly loadPrompt: MohPromptLoader;
  readonly clock: Clock;
  readonly logger?: Logger;
}

interface Entry {
  readonly revision: string;
  readonly stream: Promise<Result<MohStream, MediaError>>;
}

/**
 * Music-on-hold classes from the configuration: one shared MohStream per
 * class and sample rate, so every caller on hold in a class costs one
 * decoder and one timer (MOH-1). The playlist is looked up on every join;
 * when its revision changed, new listeners get a fresh stream with the new
 * files while those already listening stay on the old one, which closes
 * when its last listener leaves (a change needs no restart).
 */
export class MohClasses {
  private readonly options: MohClassesOptions;
  private readonly current = new Map<string, Entry>();
  private readonly retired = new Set<MohStream>();
  private readonly opened = new Set<MohStream>();
  /** Streams of one caller each (MOH-3). */
  private readonly own = new Set<MohStream>();
  private isClosed = false;

  constructor(options: MohClassesOptions) {
    this.options = options;
  }

  /** Streams open now (current, retired and per-caller), for tests and the status API. */
  get streamCount(): number {
    return this.current.size + this.retired.size + this.own.size;
  }

  /**
   * Puts `listener` on hold in class `className` of `teamId` at
   * `sampleRateHz`; resolves to the function that takes it off again.
   */
  async join(
    className: string,
    teamId: number | undefined,
    sampleRateHz: number,
    listener: MohListener,
  ): Promise<Result<() => void, MediaError>> {
    if (this.isClosed) throw new InvalidStateError('music on hold is closed');
    const playlist = this.options.lookup(className, teamId);
    if (playlist === undefined || playlist.files.length === 0) {
      const detail = `no music-on-hold class ${className} (team ${teamId ?? 'none'}) and no default`;
      return err({ code: 'ERR_MEDIA_FILE_NOT_FOUND', detail });
    }
    if (playlist.isPerCaller === true) return this.joinOwn(playlist, sampleRateHz, listener);
    const id = `${playlist.key}@${sampleRateHz}`;
    let entry = this.current.get(id);
    if (entry === undefined || entry.revision !== playlist.revision) {
      if (entry !== undefined) void this.retire(entry);
      entry = { revision: playlist.revision, stream: this.open(playlist, sampleRateHz) };
      this.current.set(id, entry);
    }
    const stream = await entry.stream;
    if (!stream.ok) {
      // A failed load is not cached: the next caller tries again.
      if (this.current.get(id) === entry) this.current.delete(id);
      return stream;
    }
    if (this.isClosed) throw new InvalidStateError('music on hold is closed');
    const leave = stream.value.join(listener);
    return ok(() => {
      leave();
      this.closeIfRetiredAndIdle(stream.value);
    });
  }

  /** MOH-3: a stream for this listener alone, closed when it leaves. */
  private async joinOwn(
    playlist: MohPlaylist,
    sampleRateHz: number,
    listener: MohListener,
  ): Promise<Result<() => void, MediaError>> {
    const stream = await this.open(playlist, sampleRateHz);
    if (!stream.ok) return stream;
    if (this.isClosed) throw new InvalidStateError('music on hold is closed');
    const own = stream.value;
    this.own.add(own);
    const leave = own.join(listener);
    return ok(() => {
      leave();
      this.own.delete(own);
      this.opened.delete(own);
      own.close();
    });
  }

  /** Closes every stream. Idempotent. */
  close(): void {
    this.isClosed = true;
    for (const stream of this.opened) stream.close();
    this.opened.clear();
    this.own.clear();
    this.current.clear();
    this.retired.clear();
  }

  private async open(
    playlist: MohPlaylist,
    sampleRateHz: number,
  ): Promise<Result<MohStream, MediaError>> {
    const prompts: Prompt[] = [];
    let failure: MediaError | undefined;
    for (const file of playlist.files) {
      const loaded = await this.options.loadPrompt(file, sampleRateHz);
      if (loaded.ok) prompts.push(loaded.value);
      else {
        failure = loaded.error;
        this.options.logger?.warn({ moh: playlist.key, err: loaded.error }, 'MOH file skipped');
      }
    }
    if (prompts.length === 0) {
      const detail = `music-on-hold ${playlist.key} has no playable file`;
      return err({ code: 'ERR_MEDIA_FILE_NOT_FOUND', detail, cause: failure });
    }
    const stream = new MohStream({
      name: playlist.key,
      prompts,
      sampleRateHz,
      clock: this.options.clock,
      ...(this.options.logger === undefined ? {} : { logger: this.options.logger }),
    });
    // A load that outlived close() must not leave a stream behind.
    if (this.isClosed) stream.close();
    else this.opened.add(stream);
    return ok(stream);
  }

  private async retire(entry: Entry): Promise<void> {
    const stream = await entry.stream;
    if (!stream.ok) return;
    this.retired.add(stream.value);
    this.closeIfRetiredAndIdle(stream.value);
  }

  private closeIfRetiredAndIdle(stream: MohStream): void {
    if (!this.retired.has(stream) || stream.listenerCount > 0) return;
    this.retired.delete(stream);
    this.opened.delete(stream);
    stream.close();
  }
}
