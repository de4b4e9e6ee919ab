import type {
  Logger,
  MediaControl,
  MediaOperation,
  MediaPlayOptions,
  MediaPlaySource,
  MediaSessionRef,
} from '../../core/index.ts';

/** Music on hold as D19 names it (`sounds/moh/default.wav`). */
export const HOLD_MUSIC: MediaPlaySource = { file: 'moh/default' };

/**
 * Silence that still counts as playing: while a leg plays, the media
 * plane relays nothing to it, so the held party hears no keys or talk.
 */
export const HOLD_SILENCE: MediaPlaySource = {
  tone: { frequenciesHz: [], onMs: 1000, offMs: 0 },
};

/**
 * What the parties of a hotkey transfer hear: one playback per leg at a
 * time (a new one replaces the last, as in MediaControl.play), stoppable
 * before play() has even resolved. Failures are logged, never thrown
 * (STYLE §4.8): a missing tone must not break the transfer.
 */
export class HotkeyPlayback {
  private readonly ops = new Map<string, Promise<MediaOperation | undefined>>();

  constructor(
    private readonly media: MediaControl,
    private readonly logger: Logger,
    /** What a held party hears: the team's MOH class when the call knows its team. */
    private readonly holdMusic: MediaPlaySource = HOLD_MUSIC,
  ) {}

  /** Plays `source` to `ref`, or `fallback` when the media plane cannot. */
  play(
    ref: MediaSessionRef,
    source: MediaPlaySource,
    opts: MediaPlayOptions = {},
    fallback?: MediaPlaySource,
  ): void {
    const key = keyOf(ref);
    const previous = this.ops.get(key);
    const op = (async () => {
      await (await previous)?.stop();
      const first = await this.start(ref, source, opts);
      return first ?? (fallback === undefined ? undefined : this.start(ref, fallback, opts));
    })();
    this.ops.set(key, op);
  }

  /** Puts `ref` on hold: music if there is any, else silence. */
  hold(ref: MediaSessionRef): void {
    this.play(ref, this.holdMusic, { loop: true }, HOLD_SILENCE);
  }

  /** Stops what `ref` hears from us, so that its peer is relayed again. */
  async stop(ref: MediaSessionRef): Promise<void> {
    const key = keyOf(ref);
    const op = this.ops.get(key);
    if (op === undefined) return;
    this.ops.delete(key);
    await (await op)?.stop();
  }

  /** Stops every playback (the transfer is over). */
  async stopAll(): Promise<void> {
    const ops = [...this.ops.values()];
    this.ops.clear();
    for (const op of ops) await (await op)?.stop();
  }

  private async start(
    ref: MediaSessionRef,
    source: MediaPlaySource,
    opts: MediaPlayOptions,
  ): Promise<MediaOperation | undefined> {
    try {
      const r = await this.media.play(ref, source, opts);
      if (r.ok) return r.value;
      this.logger.debug({ ref, error: r.error }, 'hotkey playback refused');
    } catch (error) {
      this.logger.warn({ err: error, ref }, 'hotkey playback failed');
    }
    return undefined;
  }
}

function keyOf(ref: MediaSessionRef): string {
  return `${ref.callId}/${ref.legId}`;
}
