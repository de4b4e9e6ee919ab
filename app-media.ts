/*
 * The switch's own media plane (app.ts starts it unless a test passes
 * its own): the media server on --rtp-ports, with WebRTC in front of it.
 */
import { resolve } from 'node:path';
import type { Lifecycle, Logger, MediaControl } from './core/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import type { ProcessConfig } from './core/process-config/index.ts';
import { MediaServer } from './media/media-server/index.ts';
import { WebRtcMediaControl } from './media/webrtc/index.ts';
import { advertisedHost } from './app-host.ts';
import { mohPlaylistLookup } from './app-moh.ts';
import { nativeRelaySetting } from './app-native-relay.ts';

/**
 * Starts the media server and the WebRTC control in front of it; each is
 * adopted by `lifecycle` once started.
 */
export async function startMediaPlane(w: {
  config: ProcessConfig;
  dataDir: string;
  recordingsDir: string;
  store: ConfigStore;
  logger: Logger;
  lifecycle: Lifecycle;
}): Promise<MediaControl> {
  const { config, dataDir, recordingsDir, logger, lifecycle } = w;
  const nativeRelay = nativeRelaySetting(process.env, config.bind);
  if (nativeRelay.kernelOffReason !== undefined) {
    logger.info({ reason: nativeRelay.kernelOffReason }, 'kernel RTP forwarding off');
  }
  const server = new MediaServer({
    bindAddress: config.bind,
    advertisedAddress: advertisedHost(config.bind),
    minPort: config.rtpPorts.min,
    maxPort: config.rtpPorts.max,
    recordingsDir,
    soundsDir: resolve(dataDir, 'sounds'),
    // Queues, parking and held calls hear the store's MOH classes.
    mohPlaylists: mohPlaylistLookup(w.store),
    transcodeCodecs: ['PCMU', 'PCMA'],
    // Native shard threads (D34), with kernel forwarding where it can
    // load (D43, on by default since D50).
    nativeRelay: nativeRelay.setting,
    logger: logger.child({ component: 'media' }),
  });
  await server.start();
  // Adopted before SIP, so it stops after the B2BUA has hung up.
  lifecycle.adopt({ stop: () => server.stop() });
  // Browser legs (D35): ICE and DTLS-SRTP in front of the server.
  const webrtc = new WebRtcMediaControl({
    inner: server,
    iceAddress: config.bind,
    logger: logger.child({ component: 'webrtc' }),
  });
  lifecycle.adopt({ stop: () => webrtc.stop() });
  return webrtc;
}
