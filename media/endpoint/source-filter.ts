/*
 * SourceFilter: connects a MediaEndpoint's RTP socket to the latched
 * source, so the kernel drops other sources, and lifts that filter again.
 */
import type { Socket } from 'node:dgram';
import type { MediaEndpointStats } from './media-endpoint-options.ts';

/** What a SourceFilter sees of its endpoint. */
export interface SourceFilterHost {
  /** The RTP socket now; suspend() and resume() replace it. */
  readonly rtpSocket: () => Socket;
  readonly isClosed: () => boolean;
  readonly stats: Pick<MediaEndpointStats, 'socketErrors'>;
}

/**
 * The kernel source filter of a MediaEndpoint (isKernelFiltered): while
 * connected, packets from other sources never reach the socket and sends
 * skip the per-packet route lookup.
 */
export class SourceFilter {
  /** True once the RTP socket is connected to the latched source. */
  isConnected = false;
  /** True while a connect() is under way; sends wait for it. */
  isConnecting = false;

  constructor(private readonly host: SourceFilterHost) {}

  /** Forgets the connection, as the socket it was on is closing. */
  reset(): void {
    this.isConnected = false;
    this.isConnecting = false;
  }

  /** Connects the RTP socket to a source, lifting any earlier filter. */
  filter(address: string, port: number): void {
    this.unfilter();
    this.isConnecting = true;
    const socket = this.host.rtpSocket();
    try {
      socket.connect(port, address, () => {
        // A suspend() in between closed this socket; its successor is not connected.
        if (socket !== this.host.rtpSocket()) return;
        this.isConnecting = false;
        this.isConnected = !this.host.isClosed();
      });
    } catch {
      this.isConnecting = false;
      this.host.stats.socketErrors++;
    }
  }

  /** Disconnects the RTP socket, so any source reaches it again. */
  unfilter(): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    try {
      this.host.rtpSocket().disconnect();
    } catch {
      this.host.stats.socketErrors++;
    }
  }
}
