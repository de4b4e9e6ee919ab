import { timestampDiff } from './sequence.ts';
import type { RtcpReportBlock } from './rtcp-types.ts';

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970), RFC 5905 §6. */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

/** A 64-bit NTP timestamp as carried in an SR (RFC 3550 §4). */
export interface NtpTimestamp {
  /** Seconds since 1900, modulo 2^32. */
  readonly seconds: number;
  /** Fraction of a second in units of 2^-32 s. */
  readonly fraction: number;
}

/** Converts Unix milliseconds to an NTP timestamp. */
export function unixMsToNtp(unixMs: number): NtpTimestamp {
  const wholeSeconds = Math.floor(unixMs / 1000);
  const fraction = Math.floor(((unixMs - wholeSeconds * 1000) / 1000) * 0x1_0000_0000);
  return {
    seconds: (wholeSeconds + NTP_UNIX_OFFSET_SECONDS) >>> 0,
    fraction: Math.min(fraction, 0xffff_ffff) >>> 0,
  };
}

/**
 * The middle 32 bits of an NTP timestamp: the "compact" form used for LSR
 * and for RTT computation (RFC 3550 §6.4.1), in units of 1/65536 s.
 */
export function ntpMiddle32(ntp: NtpTimestamp): number {
  return (((ntp.seconds & 0xffff) << 16) | (ntp.fraction >>> 16)) >>> 0;
}

/** The compact NTP form of a Unix time in milliseconds. */
export function unixMsToNtpMiddle32(unixMs: number): number {
  return ntpMiddle32(unixMsToNtp(unixMs));
}

/**
 * Round-trip time in ms from a report block about a stream we send,
 * received at `arrivalUnixMs`. RFC 3550 §6.4.1: RTT = A − LSR − DLSR, all in
 * compact NTP units with 32-bit wrap. Returns undefined when the peer has
 * not yet received an SR (LSR 0) or the result is negative, which happens
 * only with a broken peer clock or a forged block.
 */
export function rttFromReportBlock(
  block: RtcpReportBlock,
  arrivalUnixMs: number,
): number | undefined {
  if (block.lastSr === 0) return undefined;
  const arrival = unixMsToNtpMiddle32(arrivalUnixMs);
  const rtt = timestampDiff(arrival, (block.lastSr + block.delaySinceLastSr) >>> 0);
  if (rtt < 0) return undefined;
  return (rtt * 1000) / 65536;
}
