import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { RTCPeerConnection, RTCRtpCodecParameters, RtpPacket } from 'werift';
import type { RTCRtpTransceiver } from 'werift';
import type { Logger } from '../../core/index.ts';
import type { MediaDirection, SdpCodec } from '../sdp/index.ts';
import { keepCandidatesOn } from './webrtc-sdp.ts';

/** Settings of a WebRtcLeg. */
export interface WebRtcLegOptions {
  /** Where the plain side listens and where the media server is told to send. */
  readonly loopbackAddress: string;
  /**
   * The address of our ICE host candidates; unspecified (0.0.0.0 or
   * absent) lets werift gather on every interface.
   */
  readonly iceAddress?: string;
  /** How long to wait for ICE gathering before sending what we have. */
  readonly gatherTimeoutMs: number;
  readonly logger: Logger;
}

/** Where the media server's leg listens, from its plain description. */
export interface RtpTarget {
  readonly address: string;
  readonly port: number;
}

/** The codec and events agreed with the browser. */
export interface AgreedCodecs {
  readonly codec: SdpCodec;
  readonly telephoneEvent: SdpCodec | undefined;
}

/**
 * One browser leg (D35): a werift RTCPeerConnection that terminates ICE
 * (RFC 8445, as an ICE-lite agent, RFC 8445 §2.5) and DTLS-SRTP (RFC 5764)
 * on one side, and a plain UDP socket on loopback on the other, which the
 * media server treats as a phone. RTP is copied between the two unchanged
 * but for the SSRC, sequence and header extensions that werift's sender
 * owns; RTCP is not relayed, as each side runs its own.
 */
export class WebRtcLeg {
  private pc: RTCPeerConnection | undefined;
  private transceiver: RTCRtpTransceiver | undefined;
  private target: RtpTarget | undefined;
  /** Browser payload type → the media server's, for the same codec. */
  private toPlainPt = new Map<number, number>();
  /** The media server's telephone-event payload type, and the browser's codec for it. */
  private plainTePt = -1;
  private browserTe: RTCRtpCodecParameters | undefined;
  private isClosed = false;
  /** The o= version of the next plain description (RFC 3264 §8). */
  plainVersion = 1;
  /** The browser's offer, kept until the media server's answer is known. */
  browserOffer: string | undefined;
  /** What the browser last agreed to (its answer, or our answer to it). */
  agreed: AgreedCodecs | undefined;
  packetsToBrowser = 0;
  packetsFromBrowser = 0;

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
    private readonly options: WebRtcLegOptions,
  ) {
    socket.on('message', (m) => this.toBrowser(m));
    socket.on('error', (e) => options.logger.warn({ err: e }, 'WebRTC loopback socket error'));
  }

  /** Binds the loopback socket of a new leg. */
  static async open(options: WebRtcLegOptions): Promise<WebRtcLeg> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, options.loopbackAddress, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new WebRtcLeg(socket, socket.address().port, options);
  }

  /** Whether the browser's DTLS is up (for tests and status). */
  get connectionState(): string {
    return this.pc?.connectionState ?? 'new';
  }

  /** Sends what arrives from the browser to the media server at `target`. */
  setTarget(target: RtpTarget): void {
    this.target = target;
  }

  /**
   * Answers the browser's offer with exactly `agreed` (the codec the media
   * server chose for this leg), so both sides carry the same payload types
   * and no packet needs rewriting. A re-offer reuses the connection.
   */
  async answer(offer: string, agreed: AgreedCodecs, direction: MediaDirection): Promise<string> {
    const pc = this.pc ?? this.createConnection(agreed);
    this.agreed = agreed;
    this.transceiver ??= pc.addTransceiver('audio', { direction });
    this.transceiver.setDirection(direction);
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    return this.localSdp(pc);
  }

  /**
   * Our offer to a browser with `codecs` (what the media server offers,
   * with its payload types), on UDP/TLS/RTP/SAVPF with ICE and DTLS
   * (RFC 8829 §5.2.1 via werift).
   */
  async offer(codecs: readonly SdpCodec[], direction: MediaDirection): Promise<string> {
    const pc = this.pc ?? this.createConnection(codecs);
    this.transceiver ??= pc.addTransceiver('audio', { direction });
    this.transceiver.setDirection(direction);
    await pc.setLocalDescription(await pc.createOffer());
    return this.localSdp(pc);
  }

  /** The browser's answer to offer(), with what it agreed to. */
  async acceptAnswer(sdp: string, agreed: AgreedCodecs): Promise<void> {
    const pc = this.pc;
    if (pc === undefined) throw new Error('acceptAnswer() before offer()');
    await pc.setRemoteDescription({ type: 'answer', sdp });
    this.agreed = agreed;
  }

  /**
   * Sets how payload types translate between the browser's numbering
   * (`browser`, from its SDP) and the media server's (`plain`, the codecs
   * agreed on the loopback side). An answer may number a codec unlike the
   * offer (RFC 3264 §6.1 only says SHOULD), and each side sends with the
   * numbers it was told, so packets from the browser are renumbered here;
   * packets to it are numbered by werift's sender.
   */
  mapPayloadTypes(browser: readonly SdpCodec[], plain: readonly SdpCodec[]): void {
    this.toPlainPt = new Map();
    this.plainTePt = -1;
    this.browserTe = undefined;
    for (const p of plain) {
      const b = browser.find(
        (c) =>
          c.encodingName.toLowerCase() === p.encodingName.toLowerCase() &&
          c.clockRateHz === p.clockRateHz,
      );
      if (b === undefined) continue;
      this.toPlainPt.set(b.payloadType, p.payloadType);
      if (p.encodingName.toLowerCase() === 'telephone-event') {
        this.plainTePt = p.payloadType;
        this.browserTe = toWeriftCodec(b);
      }
    }
  }

  /** Closes the peer connection and the socket; idempotent. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.socket.close();
    await this.pc?.close().catch(() => undefined);
  }

  private createConnection(codecs: AgreedCodecs | readonly SdpCodec[]): RTCPeerConnection {
    const list = Array.isArray(codecs)
      ? (codecs as readonly SdpCodec[])
      : [(codecs as AgreedCodecs).codec, (codecs as AgreedCodecs).telephoneEvent].filter(
          (c): c is SdpCodec => c !== undefined,
        );
    const ice = this.options.iceAddress;
    const isBound = ice !== undefined && ice !== '0.0.0.0' && ice !== '::';
    const pc = new RTCPeerConnection({
      iceLite: true,
      iceUseIpv6: false,
      ...(isBound
        ? { iceInterfaceAddresses: { udp4: ice }, iceAdditionalHostAddresses: [ice] }
        : {}),
      codecs: { audio: list.map(toWeriftCodec) },
      headerExtensions: { audio: [] },
    });
    pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => this.fromBrowser(rtp));
    });
    pc.connectionStateChange.subscribe((state) => {
      this.options.logger.debug({ state, port: this.port }, 'WebRTC connection state');
    });
    this.pc = pc;
    return pc;
  }

  private async localSdp(pc: RTCPeerConnection): Promise<string> {
    const end = Date.now() + this.options.gatherTimeoutMs;
    while (pc.iceGatheringState !== 'complete' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const sdp = pc.localDescription?.sdp ?? '';
    const ice = this.options.iceAddress;
    const isBound = ice !== undefined && ice !== '0.0.0.0' && ice !== '::';
    return isBound ? keepCandidatesOn(sdp, ice) : sdp;
  }

  /**
   * RTP from the browser, decrypted: on to the media server renumbered,
   * header extensions dropped (they were negotiated with the browser only).
   */
  private fromBrowser(rtp: RtpPacket): void {
    const target = this.target;
    const pt = this.toPlainPt.get(rtp.header.payloadType);
    if (target === undefined || pt === undefined || this.isClosed) return;
    rtp.header.payloadType = pt;
    rtp.header.extension = false;
    rtp.header.extensions = [];
    rtp.header.padding = false;
    this.packetsFromBrowser++;
    this.socket.send(rtp.serialize(), target.port, target.address);
  }

  /**
   * RTP from the media server, to be encrypted for the browser. werift's
   * sender stamps its negotiated codec's payload type on every packet, so
   * an RFC 4733 event is sent with the telephone-event codec in its place
   * for that one (synchronous) call.
   */
  private toBrowser(packet: Buffer): void {
    const sender = this.transceiver?.sender;
    if (sender === undefined || this.isClosed || packet.length < 12) return;
    let rtp: RtpPacket;
    try {
      rtp = RtpPacket.deSerialize(packet);
    } catch {
      return;
    }
    this.packetsToBrowser++;
    const te = this.browserTe;
    if (te !== undefined && rtp.header.payloadType === this.plainTePt) {
      const codec = sender.codec;
      sender.codec = te;
      void sender.sendRtp(rtp).catch(() => undefined);
      sender.codec = codec;
      return;
    }
    void sender.sendRtp(rtp).catch(() => undefined);
  }
}

/** An SDP codec as werift's codec parameters, payload type kept. */
export function toWeriftCodec(c: SdpCodec): RTCRtpCodecParameters {
  return new RTCRtpCodecParameters({
    mimeType: `audio/${c.encodingName}`,
    clockRate: c.clockRateHz,
    payloadType: c.payloadType,
    ...(c.channels > 1 ? { channels: c.channels } : {}),
    ...(c.fmtp === undefined ? {} : { parameters: c.fmtp }),
  });
}
