import { expect } from 'vitest';
import type { MediaPlaySource } from '../../core/index.ts';
import type { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import type { FakeMediaControl, FakeOperation } from '../../test/fakes/fake-media-control.ts';

/** Lets every pending promise chain of the fakes run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A play source as a short name: the file, `moh:default` or `tone:beep`. */
export function nameOf(source: MediaPlaySource | undefined): string {
  if (source === undefined) return '';
  if ('file' in source) return source.file;
  if ('moh' in source) return `moh:${source.moh}`;
  return typeof source.tone === 'string' ? `tone:${source.tone}` : 'tone:custom';
}

/**
 * The remote party of a FakeCallLeg as a test script sees it: what it
 * hears now, hearing it to the end, pressing keys.
 */
export class TestCaller {
  constructor(
    readonly leg: FakeCallLeg,
    readonly media: FakeMediaControl,
  ) {}

  /** The one play or recording running on the leg now. */
  async current(kind: 'play' | 'record' = 'play'): Promise<FakeOperation> {
    await settle();
    const ops = this.media.running(this.leg.media, kind);
    expect(ops.map((o) => nameOf(o.source))).toHaveLength(1);
    return ops[0]!;
  }

  /** What is playing now, without ending it. */
  async hears(): Promise<string> {
    return nameOf((await this.current()).source);
  }

  /** Hears the current play to its end and says what it was. */
  async listen(): Promise<string> {
    const op = await this.current();
    op.end('completed');
    await settle();
    return nameOf(op.source);
  }

  /** Hears `n` plays to their ends. */
  async listenAll(n: number): Promise<string[]> {
    const heard: string[] = [];
    for (let i = 0; i < n; i++) heard.push(await this.listen());
    return heard;
  }

  /** Presses keys, one after the other. */
  async press(keys: string): Promise<void> {
    for (const key of keys) {
      this.leg.pressDigit(key);
      await settle();
    }
  }

  /** Every play the leg got so far, in order. */
  played(): string[] {
    return this.media.operations
      .filter((o) => o.kind === 'play' && o.ref.callId === this.leg.media.callId)
      .map((o) => nameOf(o.source));
  }
}
