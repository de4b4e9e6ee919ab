import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { InvalidStateError, TypedEmitter, ValidationError } from '../../core/index.ts';
import type { Clock, Logger, TimerHandle } from '../../core/index.ts';
import {
  encodeWavDataInto,
  serializeWavHeader,
  wavBytesPerSample,
  writeWavSizes,
} from '../player/index.ts';
import type { WavEncoding, WavFormat } from '../player/index.ts';

/**
 * How legs become channels: 'mixed' sums every leg into one mono channel;
 * 'split' puts leg 0 on the left and leg 1 on the right channel.
 */
export type RecorderMode = 'mixed' | 'split';

/**
 * What a pause leaves in the file: 'skip' leaves nothing, so the recording
 * is shorter than the call (the usual choice for PCI pause-and-resume,
 * where the gap is not wanted); 'silence' writes silence for the paused
 * time, so file time stays equal to call time.
 */
export type RecorderPauseMode = 'skip' | 'silence';

/** Events of a Recorder. */
export type RecorderEvents = {
  /** Writing failed (disk full, …); the recorder drops frames from then on. */
  error: [error: Error];
  listenererror: [event: string, error: unknown];
};

/** Settings of a Recorder. */
export interface RecorderOptions {
  readonly path: string;
  readonly sampleRateHz: number;
  readonly mode: RecorderMode;
  readonly clock: Clock;
  /** Sample coding in the file; 'pcm16' unless given. */
  readonly encoding?: WavEncoding;
  /** Frame duration of write(); 20 unless given. */
  readonly frameMs?: number;
  /** How often buffered samples are appended to the file; 1000 unless given. */
  readonly flushIntervalMs?: number;
  /**
   * How often the header's size fields are rewritten, at the flush that
   * falls due after it; every flush unless given. close() always does.
   */
  readonly headerIntervalMs?: number;
  /** 'skip' unless given. */
  readonly pauseMode?: RecorderPauseMode;
  readonly logger?: Logger;
}

/**
 * Records legs to a WAV file, crash-safely: the samples are appended and
 * the header's size fields rewritten every flushIntervalMs, so a process
 * killed with SIGKILL leaves a playable file that lacks at most the last
 * interval, and repairWav() recovers even that from the file length.
 * Writes are asynchronous and run one at a time in order.
 */
export class Recorder extends TypedEmitter<RecorderEvents> {
  readonly path: string;
  readonly format: WavFormat;
  readonly mode: RecorderMode;
  readonly frameSamples: number;
  private readonly handle: FileHandle;
  private readonly header: Buffer;
  private readonly clock: Clock;
  private readonly pauseMode: RecorderPauseMode;
  private readonly mixed: Int32Array;
  private readonly frame: Int16Array;
  private readonly chunkBytes: number;
  private chunk: Buffer;
  private chunkUsed = 0;
  private pending: Buffer[] = [];
  private queue: Promise<void> = Promise.resolve();
  private timer: TimerHandle | undefined;
  private bytesQueued = 0;
  private bytesOnDisk = 0;
  private bytesInHeader = 0;
  private readonly headerIntervalMs: number;
  private lastHeaderMs: number;
  private paused = false;
  private closing: Promise<void> | undefined;
  private failure: Error | undefined;

  private constructor(options: RecorderOptions, handle: FileHandle, header: Buffer) {
    super(options.logger);
    this.path = options.path;
    this.mode = options.mode;
    this.format = formatOf(options);
    this.frameSamples = (options.sampleRateHz * (options.frameMs ?? 20)) / 1000;
    this.handle = handle;
    this.header = header;
    this.clock = options.clock;
    this.pauseMode = options.pauseMode ?? 'skip';
    this.mixed = new Int32Array(this.frameSamples);
    this.frame = new Int16Array(this.frameSamples * this.format.channels);
    const flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.headerIntervalMs = options.headerIntervalMs ?? 0;
    this.lastHeaderMs = this.clock.monotonicMs();
    const bytesPerFrame = this.frame.length * wavBytesPerSample(this.format.encoding);
    this.chunkBytes = bytesPerFrame * Math.max(1, Math.ceil(flushIntervalMs / 20));
    this.chunk = Buffer.allocUnsafe(this.chunkBytes);
    this.timer = this.clock.setInterval(() => void this.flush(), flushIntervalMs);
  }

  /** Creates (or truncates) the file and writes an empty WAV header. */
  static async open(options: RecorderOptions): Promise<Recorder> {
    const frameSamples = (options.sampleRateHz * (options.frameMs ?? 20)) / 1000;
    if (!Number.isInteger(frameSamples) || frameSamples <= 0) {
      throw new ValidationError(
        'frameMs',
        `no whole frame of samples at ${options.sampleRateHz} Hz`,
      );
    }
    const header = serializeWavHeader(formatOf(options), 0);
    const handle = await open(options.path, 'w');
    try {
      await handle.write(header, 0, header.length, 0);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new Recorder(options, handle, header);
  }

  /** True between pause() and resume(). */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Bytes of samples written to the file so far (flushed or queued). */
  get dataBytes(): number {
    return this.bytesQueued + this.chunkUsed;
  }

  /** Bytes of samples appended to the file so far. */
  get dataBytesOnDisk(): number {
    return this.bytesOnDisk;
  }

  /** The data size the header on disk declares. */
  get dataBytesInHeader(): number {
    return this.bytesInHeader;
  }

  /** Stops taking frames (see RecorderPauseMode). */
  pause(): void {
    this.paused = true;
  }

  /** Takes frames again. */
  resume(): void {
    this.paused = false;
  }

  /**
   * Takes one frame per leg ('split': leg 0 left, leg 1 right). A missing
   * or short leg is silence. Throws InvalidStateError after close().
   */
  write(legs: readonly (Int16Array | undefined)[]): void {
    if (this.closing !== undefined) throw new InvalidStateError('the recorder is closed');
    if (this.failure !== undefined) return;
    if (this.paused) {
      if (this.pauseMode === 'skip') return;
      this.frame.fill(0);
    } else if (this.mode === 'mixed') {
      this.mixLegs(legs);
    } else {
      this.interleave(legs[0], legs[1]);
    }
    this.append(this.frame);
  }

  /** Writes what is buffered, and the header when its interval is due. */
  flush(): Promise<void> {
    return this.enqueue(false);
  }

  /** Resolves when every write queued so far is on disk. */
  whenWritten(): Promise<void> {
    return this.queue;
  }

  /**
   * Flushes, writes the final header and closes the file. Idempotent;
   * rejects with the write error if one happened.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.timer !== undefined) this.clock.clearInterval(this.timer);
      this.timer = undefined;
      await this.enqueue(true);
      await this.handle.close();
      if (this.failure !== undefined) throw this.failure;
    })();
    return this.closing;
  }

  /** Moves the buffered samples to the write queue. */
  private enqueue(isFinal: boolean): Promise<void> {
    if (this.chunkUsed > 0) {
      this.pending.push(this.chunk.subarray(0, this.chunkUsed));
      this.bytesQueued += this.chunkUsed;
      this.chunk = Buffer.allocUnsafe(this.chunkBytes);
      this.chunkUsed = 0;
    }
    const batch = this.pending;
    this.pending = [];
    // Whether the header is due is decided now, on the tick that flushes,
    // not when the queued write runs.
    const nowMs = this.clock.monotonicMs();
    const isHeaderDue = isFinal || nowMs - this.lastHeaderMs >= this.headerIntervalMs;
    if (isHeaderDue) this.lastHeaderMs = nowMs;
    this.queue = this.queue.then(() => this.writeBatch(batch, isHeaderDue));
    return this.queue;
  }

  private mixLegs(legs: readonly (Int16Array | undefined)[]): void {
    const sum = this.mixed;
    const n = this.frameSamples;
    sum.fill(0);
    for (let k = 0; k < legs.length; k++) {
      const leg = legs[k];
      if (leg === undefined) continue;
      const m = Math.min(n, leg.length);
      for (let i = 0; i < m; i++) sum[i] = sum[i]! + leg[i]!;
    }
    const out = this.frame;
    for (let i = 0; i < n; i++) {
      const v = sum[i]!;
      out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
  }

  private interleave(left: Int16Array | undefined, right: Int16Array | undefined): void {
    const n = this.frameSamples;
    const out = this.frame;
    for (let i = 0; i < n; i++) {
      out[2 * i] = left?.[i] ?? 0;
      out[2 * i + 1] = right?.[i] ?? 0;
    }
  }

  private append(samples: Int16Array): void {
    const bytes = samples.length * wavBytesPerSample(this.format.encoding);
    if (this.chunkUsed + bytes > this.chunkBytes) void this.flush();
    encodeWavDataInto(this.format.encoding, samples, this.chunk.subarray(this.chunkUsed));
    this.chunkUsed += bytes;
  }

  /**
   * Appends a batch at the end of the data, then rewrites the header sizes
   * when due. Samples first, header second: a crash in between leaves a
   * header that is short of the file, which repairWav() fixes, never one
   * that claims samples the file lacks.
   */
  private async writeBatch(batch: Buffer[], isHeaderDue: boolean): Promise<void> {
    if (this.failure !== undefined) return;
    try {
      for (const buf of batch) {
        await this.handle.write(buf, 0, buf.length, this.header.length + this.bytesOnDisk);
        this.bytesOnDisk += buf.length;
      }
      if (!isHeaderDue || this.bytesInHeader === this.bytesOnDisk) return;
      writeWavSizes(this.header, this.format, this.bytesOnDisk);
      await this.handle.write(this.header, 0, this.header.length, 0);
      this.bytesInHeader = this.bytesOnDisk;
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.safeEmit('error', this.failure);
    }
  }
}

function formatOf(options: RecorderOptions): WavFormat {
  return {
    encoding: options.encoding ?? 'pcm16',
    sampleRateHz: options.sampleRateHz,
    channels: options.mode === 'split' ? 2 : 1,
  };
}
