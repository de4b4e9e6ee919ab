export { JitterBuffer } from './jitter-buffer.ts';
export type {
  JitterBufferFrame,
  JitterBufferOptions,
  JitterBufferPacketMeta,
  JitterBufferPushOutcome,
  JitterBufferStats,
} from './jitter-buffer.ts';
export { PcmConcealer } from './pcm-concealer.ts';
export type { PcmConcealerOptions } from './pcm-concealer.ts';
