/**
 * Media endpoints: the only part of media/ that opens sockets (STYLE §2).
 * Port allocation, RTP latching, relay sessions (in-process, sharded over
 * worker threads, or in native/ shard threads), terminated streams that
 * decode and encode, and the 20 ms scheduler that paces the streams we
 * originate.
 */
export { PortAllocator, splitPortRange } from './port-allocator.ts';
export type { PortAllocatorOptions, PortAllocatorStats, PortPair } from './port-allocator.ts';
export { RtpLatch } from './rtp-latch.ts';
export type { LatchVerdict, RtpLatchOptions } from './rtp-latch.ts';
export { MediaEndpoint } from './media-endpoint.ts';
export type {
  MediaAddress,
  MediaEndpointEvents,
  MediaEndpointLatchSettings,
  MediaEndpointOptions,
  MediaEndpointStats,
  PacketHandler,
} from './media-endpoint-options.ts';
export { RelaySession, StreamRewriter } from './relay-session.ts';
export type { RelaySessionOptions, RelaySessionStats } from './relay-session.ts';
export { RelayHost } from './relay-host.ts';
export type {
  RelayHostOptions,
  RelayHostStats,
  RelaySessionInfo,
  RelaySessionRequest,
} from './relay-host.ts';
export { RelayWorkerPool } from './relay-worker-pool.ts';
export { NativeRelayShard } from './native-relay.ts';
export type {
  NativeLegInfo,
  NativeLegOptions,
  NativeLegStats,
  NativeRelayShardOptions,
  NativeTapHandler,
} from './native-relay.ts';
export type { NativeStreamState } from './native-stream.ts';
export { NATIVE_RELAY_PATH, loadNativeRelay } from './native-relay-binding.ts';
export type { NativeRelayBinding, NativeRelayLoad } from './native-relay-binding.ts';
export type { RelayWorkerPoolOptions } from './relay-worker-pool.ts';
export { MediaScheduler } from './media-scheduler.ts';
export type {
  MediaSchedulerOptions,
  MediaSchedulerStats,
  ScheduledStream,
} from './media-scheduler.ts';
export { TerminatedStream } from './terminated-stream.ts';
export type {
  TerminatedStreamEvents,
  TerminatedStreamOptions,
  TerminatedStreamStats,
} from './terminated-stream.ts';
