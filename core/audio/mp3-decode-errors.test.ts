import { describe, expect, test, vi } from 'vitest';
import { decodeMp3 } from './mp3.ts';

/*
 * What decodeMp3() does when mpg123 itself reports an error, which real
 * files that pass the frame scan seldom make it do: the decoder is
 * replaced by a fake that fails on its second slice.
 */
const freed = vi.fn();
vi.mock('mpg123-decoder', () => ({
  MPEGDecoder: class {
    ready = Promise.resolve();
    private calls = 0;
    decode(data: Uint8Array) {
      this.calls++;
      const samples = (data.length / 72) * 576;
      const errors = this.calls === 2 ? [{ message: 'bad main_data_begin' }] : [];
      return {
        channelData: [new Float32Array(samples), new Float32Array(samples)],
        samplesDecoded: samples,
        sampleRate: 8000,
        errors,
      };
    }
    free() {
      freed();
    }
  },
}));

/** `count` MPEG-2.5 Layer III frames: 8 kbit/s, 8 kHz, mono, 72 bytes. */
function frames(count: number): Buffer {
  const frame = Buffer.alloc(72);
  frame.set([0xff, 0xe3, 0x18, 0xc0]);
  return Buffer.concat(Array.from({ length: count }, () => frame));
}

describe('decodeMp3() with a failing decoder', () => {
  test('decodeMp3() when mpg123 reports an error in slice 2 → ERR_MP3_DECODE at its offset, decoder freed', async () => {
    const decoded = await decodeMp3(frames(120), 1e7);
    expect(!decoded.ok && decoded.error).toMatchObject({
      code: 'ERR_MP3_DECODE',
      offset: 50 * 72,
      detail: 'mpg123: bad main_data_begin',
    });
    expect(freed).toHaveBeenCalledTimes(1);
  });
});
