import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/*
 * A browser softphone for the WebRTC integration tests: headless Chromium
 * driven by playwright-core, running JsSIP (bundled here with esbuild)
 * over SIP-over-WebSocket (RFC 7118). Its microphone is a WAV file; what
 * it hears is measured with a WebAudio AnalyserNode on the remote track.
 */

/** Where the tests expect Chromium (Debian's package); CI installs it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether the browser tests can run on this machine. */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** What the page measured on the remote audio and the peer connection. */
export interface BrowserAudioReport {
  /** The loudest frequency of the remote audio between 100 Hz and 4 kHz. */
  readonly peakHz: number;
  /** Its level in dBFS as the analyser reports it. */
  readonly peakDb: number;
  /** From getStats(): inbound-rtp packetsReceived and audioLevel. */
  readonly packetsReceived: number;
  readonly audioLevel: number;
  /** outbound-rtp packetsSent. */
  readonly packetsSent: number;
}

const PAGE_SCRIPT = String.raw`
window.sy = {
  ua: null, session: null, incoming: null, ended: null,
  start(wsUrl, uri, password) {
    JsSIP.debug.disable('JsSIP:*');
    const socket = new JsSIP.WebSocketInterface(wsUrl);
    const ua = new JsSIP.UA({ sockets: [socket], uri, password, register: true,
      session_timers: false, register_expires: 600 });
    this.ua = ua;
    ua.on('newRTCSession', (e) => {
      if (e.originator !== 'remote') return;
      this.track(e.session);
      this.incoming = e.session;
      e.session.answer({ mediaConstraints: { audio: true, video: false } });
    });
    return new Promise((resolve, reject) => {
      ua.on('registered', () => resolve(200));
      ua.on('registrationFailed', (e) => reject(new Error('register: ' + e.cause)));
      ua.start();
    });
  },
  track(session) {
    this.session = session;
    this.ended = new Promise((resolve) => {
      session.on('ended', (e) => resolve(e.originator + ':' + e.cause));
      session.on('failed', (e) => resolve('failed:' + e.cause));
    });
    this.confirmed = new Promise((resolve, reject) => {
      session.on('confirmed', () => resolve());
      session.on('failed', (e) => reject(new Error('call failed: ' + e.cause)));
    });
  },
  async call(target) {
    const session = this.ua.call(target, {
      mediaConstraints: { audio: true, video: false },
      pcConfig: { iceServers: [] },
    });
    this.track(session);
    await this.confirmed;
    return this.listen();
  },
  async waitAnswered() {
    while (this.incoming === null) await new Promise((r) => setTimeout(r, 20));
    this.incoming = null;
    await this.confirmed;
    return this.listen();
  },
  listen() {
    const receiver = this.session.connection.getReceivers()[0];
    const stream = new MediaStream([receiver.track]);
    // Chromium feeds WebAudio from a remote track only while a media
    // element plays it.
    const audio = document.createElement('audio');
    audio.muted = true;
    audio.srcObject = stream;
    document.body.appendChild(audio);
    void audio.play();
    const ctx = new AudioContext();
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0.5;
    source.connect(analyser);
    this.analyser = analyser;
    this.ctx = ctx;
    return ctx.state;
  },
  async report() {
    const bins = new Float32Array(this.analyser.frequencyBinCount);
    this.analyser.getFloatFrequencyData(bins);
    const hzPerBin = this.ctx.sampleRate / this.analyser.fftSize;
    let best = -1, bestDb = -Infinity;
    for (let i = Math.ceil(100 / hzPerBin); i < 4000 / hzPerBin; i++) {
      if (bins[i] > bestDb) { bestDb = bins[i]; best = i; }
    }
    const out = { peakHz: best * hzPerBin, peakDb: bestDb, packetsReceived: 0, audioLevel: 0,
      packetsSent: 0 };
    const stats = await this.session.connection.getStats();
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.packetsReceived = s.packetsReceived; out.audioLevel = s.audioLevel ?? 0;
      }
      if (s.type === 'outbound-rtp' && s.kind === 'audio') out.packetsSent = s.packetsSent;
    });
    return out;
  },
  dtmf(tones) { this.session.sendDTMF(tones, { transportType: 'RFC2833', duration: 120 }); },
  hold() { return new Promise((resolve) => this.session.hold({}, resolve)); },
  unhold() { return new Promise((resolve) => this.session.unhold({}, resolve)); },
  hangup() { this.session.terminate(); return this.ended; },
};
`;

/** A Chromium page running JsSIP, registered as one extension. */
export class BrowserPhone {
  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly server: Server,
    private readonly profileDir: string,
  ) {}

  /**
   * Launches Chromium with `microphoneWav` as its microphone and loads the
   * page from a tiny HTTP server on `httpAddress` (a loopback address is a
   * secure context, so getUserMedia works without TLS).
   */
  static async launch(httpAddress: string, microphoneWav: string): Promise<BrowserPhone> {
    const require = createRequire(import.meta.url);
    const bundle = await build({
      entryPoints: [require.resolve('jssip/lib/JsSIP.js')],
      bundle: true,
      format: 'iife',
      globalName: 'JsSIP',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const jssip = bundle.outputFiles[0]!.text;
    const server = createServer((req, res) => {
      if (req.url === '/jssip.js' || req.url === '/app.js') {
        res.setHeader('content-type', 'text/javascript');
        res.end(req.url === '/jssip.js' ? jssip : PAGE_SCRIPT);
        return;
      }
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><script src="/jssip.js"></script><script src="/app.js"></script>');
    });
    await new Promise<void>((r) => server.listen(0, httpAddress, r));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const profileDir = mkdtempSync(join(tmpdir(), 'sy-chromium-'));
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      args: [
        ...['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
        ...['--disable-background-networking', '--disable-component-update', '--disable-sync'],
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${microphoneWav}`,
        '--autoplay-policy=no-user-gesture-required',
        '--allow-loopback-in-peer-connection',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://${httpAddress}:${port}/`);
    return new BrowserPhone(context, page, server, profileDir);
  }

  /** Registers `uri` over `wsUrl`; resolves once the switch said 200. */
  register(wsUrl: string, uri: string, password: string): Promise<number> {
    return this.page.evaluate(
      (a) => (globalThis as unknown as { sy: PageApi }).sy.start(a.wsUrl, a.uri, a.password),
      { wsUrl, uri, password },
    );
  }

  /** Calls `target` and resolves once the call is confirmed (2xx and ACK). */
  async call(target: string): Promise<void> {
    await this.page.evaluate((t) => (globalThis as unknown as { sy: PageApi }).sy.call(t), target);
  }

  /** Resolves once an incoming call was answered and confirmed. */
  async waitAnswered(): Promise<void> {
    await this.page.evaluate(() => (globalThis as unknown as { sy: PageApi }).sy.waitAnswered());
  }

  /** Measures the remote audio and the RTP counters now. */
  report(): Promise<BrowserAudioReport> {
    return this.page.evaluate(() => (globalThis as unknown as { sy: PageApi }).sy.report());
  }

  /** Presses `tones` as RFC 4733 events (RTCDTMFSender, via JsSIP). */
  async dtmf(tones: string): Promise<void> {
    await this.page.evaluate((t) => (globalThis as unknown as { sy: PageApi }).sy.dtmf(t), tones);
  }

  /** Puts the call on hold (a sendonly re-INVITE); resolves once answered. */
  async hold(): Promise<void> {
    await this.page.evaluate(() => (globalThis as unknown as { sy: PageApi }).sy.hold());
  }

  /** Takes the call off hold (a sendrecv re-INVITE); resolves once answered. */
  async unhold(): Promise<void> {
    await this.page.evaluate(() => (globalThis as unknown as { sy: PageApi }).sy.unhold());
  }

  /** Hangs up (BYE) and resolves with how the session ended. */
  hangup(): Promise<string> {
    return this.page.evaluate(() => (globalThis as unknown as { sy: PageApi }).sy.hangup());
  }

  /** Resolves with how the current session ended (e.g. `remote:Terminated`). */
  ended(): Promise<string> {
    return this.page.evaluate(() => (globalThis as unknown as { sy: PageApi }).sy.ended);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await new Promise((r) => this.server.close(r));
    rmSync(this.profileDir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** The page's API, as the evaluate() calls above see it. */
interface PageApi {
  start(wsUrl: string, uri: string, password: string): Promise<number>;
  call(target: string): Promise<void>;
  waitAnswered(): Promise<void>;
  report(): Promise<BrowserAudioReport>;
  dtmf(tones: string): void;
  hold(): Promise<void>;
  unhold(): Promise<void>;
  hangup(): Promise<string>;
  ended: Promise<string>;
}
