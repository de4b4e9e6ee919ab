/**
 * RTP and RTCP wire formats, sequence arithmetic and receive statistics
 * (RFC 3550). Pure code: no sockets, no timers.
 */
export {
  RTP_HEADER_SIZE,
  RTP_VERSION,
  parseRtpPacket,
  rtpPacketSize,
  serializeRtpPacket,
  serializeRtpPacketInto,
} from './rtp-packet.ts';
export type { RtpHeaderExtension, RtpPacket } from './rtp-packet.ts';
export { isRtcpPacket, rtpPayloadType, rtpSeq, rtpSsrc, rtpTimestamp } from './rtp-peek.ts';
export { RTCP_PT, SDES_ITEM, sdesCname, sdesItem } from './rtcp-types.ts';
export type {
  RtcpApplicationDefined,
  RtcpGoodbye,
  RtcpPacket,
  RtcpRawPacket,
  RtcpReceiverReport,
  RtcpReportBlock,
  RtcpSenderReport,
  RtcpSourceDescription,
  SdesChunk,
  SdesItem,
} from './rtcp-types.ts';
export { parseRtcpCompound, parseRtcpPacket } from './rtcp-parse.ts';
export {
  rtcpPacketSize,
  serializeRtcpCompound,
  serializeRtcpPacket,
  serializeRtcpPacketInto,
} from './rtcp-serialize.ts';
export {
  MAX_DROPOUT,
  MAX_MISORDER,
  MIN_SEQUENTIAL,
  RtpSequenceState,
  extendSeq,
  seqDiff,
  seqLessThan,
  timestampDiff,
  timestampLessThan,
} from './sequence.ts';
export type { SequenceVerdict } from './sequence.ts';
export {
  NTP_UNIX_OFFSET_SECONDS,
  ntpMiddle32,
  rttFromReportBlock,
  unixMsToNtp,
  unixMsToNtpMiddle32,
} from './ntp-time.ts';
export type { NtpTimestamp } from './ntp-time.ts';
export { RtpReceiveStats } from './rtp-receive-stats.ts';
export type { PacketVerdict, RtpReceiveStatsOptions } from './rtp-receive-stats.ts';
export {
  CODEC_IMPAIRMENT,
  delayImpairment,
  effectiveEquipmentImpairment,
  estimateMos,
  rFactor,
  rToMos,
} from './e-model.ts';
export type { CodecImpairment, EModelInput } from './e-model.ts';
